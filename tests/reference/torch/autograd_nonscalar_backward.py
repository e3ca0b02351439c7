# backward of a non-scalar needs gradient=; without it torch raises.
import torch

x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
y = x * x
try:
    y.backward()
except RuntimeError as e:
    print("RuntimeError", "scalar" in str(e))
y.backward(torch.tensor([[1.0, 0.0], [0.5, -1.0]]))
print(x.grad.tolist())
x.grad = None
(x.sum(1)).backward(gradient=torch.tensor([2.0, 3.0]))
print(x.grad.tolist())
x.grad = None
torch.autograd.backward([x.sum(), (x * 2).sum()])
print(x.grad.tolist())
try:
    torch.tensor([1.0, 2.0]).sum().backward()
except RuntimeError:
    print("backward of a tensor that does not require grad refused")
one = (x * 2).mean()
one.backward()
print(x.grad.tolist())
