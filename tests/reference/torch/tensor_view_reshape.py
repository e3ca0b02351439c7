# view, view_as, reshape, flatten, unflatten share values and keep their order.
import torch

x = torch.arange(12.0)
v = x.view(3, 4)
print(tuple(v.shape), v.tolist())
print(tuple(x.view(2, -1).shape), tuple(x.view((2, 2, 3)).shape))
v[0, 0] = 100.0
print(x[0].item())
print(x.reshape(4, 3).tolist())
print(tuple(x.view_as(torch.zeros(6, 2)).shape), tuple(x.reshape_as(torch.zeros(2, 6)).shape))
y = torch.arange(24).reshape(2, 3, 4)
print(tuple(y.flatten().shape), tuple(y.flatten(1).shape), tuple(y.flatten(0, 1).shape))
print(tuple(y.flatten(start_dim=1, end_dim=2).shape), tuple(torch.flatten(y, 1).shape))
print(tuple(y.unflatten(2, (2, 2)).shape))
t = y.transpose(0, 1)
print(t.is_contiguous(), t.contiguous().view(-1)[:5].tolist() if t.is_contiguous() else t.reshape(-1)[:5].tolist())
try:
    t.view(-1)
    print("viewed")
except RuntimeError:
    print("view of a non-contiguous tensor refused")
try:
    x.view(5, 5)
except RuntimeError:
    print("view to a wrong size refused")
