# Changing in place a tensor that backward needs is caught at backward; a harmless change is not.
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x.exp()
z = y.sum()
y.mul_(2)
try:
    z.backward()
    print("backward ran")
except RuntimeError as e:
    print("RuntimeError", "inplace" in str(e))
a = x * 1
b = a * a
a.add_(1)
try:
    b.sum().backward()
    print("backward ran")
except RuntimeError:
    print("RuntimeError")
c = x * 2
c.add_(1)
c.sum().backward()
print(x.grad.tolist(), c.tolist())
x.grad = None
w = torch.tensor([1.0, 2.0], requires_grad=True)
out = (w * w).sum()
with torch.no_grad():
    w.add_(1)
try:
    out.backward()
    print("backward ran")
except RuntimeError:
    print("RuntimeError")
h = x.sigmoid()
h2 = h * 3
h2.add_(1)
h2.sum().backward()
print([round(v, 5) for v in x.grad.tolist()])
