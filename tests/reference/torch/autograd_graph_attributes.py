# is_leaf, requires_grad, grad_fn (None on leaves, a name on results), retain_grad on a non-leaf.
import torch

x = torch.tensor([1.0, -2.0], requires_grad=True)
c = torch.tensor([3.0, 4.0])
y = x * c
z = y.sum()
print(x.is_leaf, c.is_leaf, y.is_leaf, z.is_leaf)
print(x.requires_grad, c.requires_grad, y.requires_grad)
print(x.grad_fn is None, c.grad_fn is None)
for t in (x * c, x + c, x - 1, x / 2, x ** 2, x.exp(), x.sum(), x.mean(), x.tanh(), x.sigmoid(), -x):
    print(t.grad_fn.name())
y.retain_grad()
z.backward()
print(y.grad.tolist(), x.grad.tolist(), c.grad is None)
print(y.retains_grad, x.retains_grad)
with torch.no_grad():
    w = x * 2
print(w.requires_grad, w.is_leaf, w.grad_fn is None)
