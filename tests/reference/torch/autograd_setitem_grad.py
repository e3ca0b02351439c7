# Assigning into a non-leaf tensor is differentiable: the overwritten part gets no gradient.
import torch

x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
v = torch.tensor([10.0, 20.0], requires_grad=True)
y = x * 2
y[1:3] = v * v
print(y.tolist(), y.requires_grad)
(y * torch.tensor([1.0, 2.0, 3.0, 4.0])).sum().backward()
print(x.grad.tolist(), v.grad.tolist())
buf = torch.zeros(3)
w = torch.tensor(5.0, requires_grad=True)
buf[0] = w
buf[2] = w * 3
buf.sum().backward()
print(buf.tolist(), w.grad.item())
z = x * 1
z += x
z.sum().backward()
print(x.grad.tolist())
