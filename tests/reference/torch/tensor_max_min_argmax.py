# max/min: a value without dim, (values, indices) with dim; amax/amin; argmax/argmin.
import torch

x = torch.tensor([[1.0, 5.0, 3.0], [7.0, -2.0, 7.0]])
print(x.max().item(), x.min().item(), torch.max(x).item())
values, indices = x.max(dim=1)
print(values.tolist(), indices.tolist())
m = torch.min(x, 0)
print(m.values.tolist(), m.indices.tolist(), m[0].tolist())
print(tuple(x.max(1, keepdim=True).values.shape), x.max(1, keepdim=True).indices.tolist())
print(x.amax(1).tolist(), x.amin(dim=0).tolist(), torch.amax(x, dim=(0, 1)).item())
print(x.argmax().item(), x.argmax(1).tolist(), x.argmin(0).tolist(), str(x.argmax().dtype))
print(torch.max(x, torch.tensor([2.0, 2.0, 4.0])).tolist())
print(x.argmax(dim=1, keepdim=True).tolist())
