# torch.autograd.functional: jacobian, vjp, jvp of small functions (no torch.func).
import torch
from torch.autograd.functional import jacobian, jvp, vjp


def f(x):
    return torch.stack([x[0] ** 2 * x[1], torch.sin(x[1]) + x[2], x.sum() * x[0]])


def g(x, y):
    return (x * y).sum() + (x ** 3).sum()


x = torch.tensor([1.0, 2.0, 0.5])
y = torch.tensor([0.5, -1.0, 2.0])
print("jacobian", jacobian(f, x).numpy().round(6).tolist())
jx, jy = jacobian(g, (x, y))
print("jacobian tuple", jx.tolist(), jy.tolist())
print("jacobian matrix", tuple(jacobian(lambda t: t @ torch.ones(3, 2), torch.ones(4, 3)).shape))
out, v = vjp(f, x, torch.tensor([1.0, 0.0, 2.0]))
print("vjp", out.numpy().round(6).tolist(), v.numpy().round(6).tolist())
out, t = jvp(f, x, torch.tensor([0.0, 1.0, 0.0]))
print("jvp", t.numpy().round(6).tolist())
w = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
J = jacobian(lambda z: torch.tanh(w @ z), torch.tensor([0.1, -0.2]))
print("layer jacobian", J.numpy().round(6).tolist())
print("grad of sum", jacobian(lambda t: (t * t).sum(), x).tolist())
