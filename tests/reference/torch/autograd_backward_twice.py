# A second backward through a freed graph raises; retain_graph=True allows it, gradients accumulate.
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x * x).sum()
y.backward(retain_graph=True)
print(x.grad.tolist())
y.backward()
print(x.grad.tolist())
try:
    y.backward()
    print("third backward ran")
except RuntimeError as e:
    print("RuntimeError", "retain_graph=True" in str(e))
z = (x.exp() * 2).sum()
z.backward()
try:
    z.backward()
except RuntimeError:
    print("second backward refused")
x.grad = None
(x + 1).sum().backward()
(x * 3).sum().backward()
print([round(v, 4) for v in x.grad.tolist()])
