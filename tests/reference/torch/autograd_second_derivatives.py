# Second derivatives: autograd.grad(create_graph=True) twice, backward(create_graph=True), Hessian-vector
# products and torch.autograd.functional.hessian of small scalar functions.
import torch
from torch.autograd.functional import hessian, hvp

x = torch.tensor(1.5, requires_grad=True)
y = x ** 3 - 2 * x.sin() + torch.exp(-x)
(dy,) = torch.autograd.grad(y, x, create_graph=True)
(d2y,) = torch.autograd.grad(dy, x, create_graph=True)
(d3y,) = torch.autograd.grad(d2y, x)
print(f"y={y.item():.6f} dy={dy.item():.6f} d2y={d2y.item():.6f} d3y={d3y.item():.6f}")
print(dy.requires_grad, d2y.requires_grad, d3y.requires_grad)

# the gradient over a grid of points, and its derivative, at once
t = torch.linspace(-2, 2, 9, requires_grad=True)
f = torch.tanh(t) * t
(df,) = torch.autograd.grad(f.sum(), t, create_graph=True)
(d2f,) = torch.autograd.grad(df.sum(), t)
print(df.detach())
print(d2f)

# backward(create_graph=True) leaves a gradient that has a graph of its own
w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
loss = (w ** 4).sum() + (w[0] * w[1] * w[2])
loss.backward(create_graph=True)
g = w.grad
print(g.detach(), g.requires_grad)
w.grad = None
(g ** 2).sum().backward()
print(w.grad)

# Hessian-vector product two ways, and the full Hessian
v = torch.tensor([1.0, 0.0, -1.0])
w2 = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
energy = (w2 ** 4).sum() + w2[0] * w2[1] * w2[2] + (w2 @ w2).sqrt()
(grad_w,) = torch.autograd.grad(energy, w2, create_graph=True)
(hv,) = torch.autograd.grad(grad_w, w2, grad_outputs=v)
print(hv)


def energy_fn(p):
    return (p ** 4).sum() + p[0] * p[1] * p[2] + (p @ p).sqrt()


print(hvp(energy_fn, w2.detach(), v)[1])
print(hessian(energy_fn, w2.detach()))

# Newton's method on a 1-D function: x <- x - f'(x) / f''(x)
z = torch.tensor(3.0, requires_grad=True)
for step in range(5):
    fz = (z - 1.0) ** 4 + z ** 2
    (g1,) = torch.autograd.grad(fz, z, create_graph=True)
    (g2,) = torch.autograd.grad(g1, z)
    with torch.no_grad():
        z -= g1 / g2
    print(step, round(z.item(), 6), round(fz.item(), 6))
