# sort (ascending, descending), argsort, topk (largest, smallest) and unique.
import torch

x = torch.tensor([[3.0, 1.0, 2.0, 5.0], [0.5, 4.0, -1.0, 2.5]])
s = x.sort()
print(s.values.tolist(), s.indices.tolist())
v, i = torch.sort(x, dim=0, descending=True)
print(v.tolist(), i.tolist())
print(x.argsort(dim=1).tolist(), torch.argsort(x, descending=True).tolist())
t = x.topk(2)
print(t.values.tolist(), t.indices.tolist())
print(torch.topk(x, 1, dim=0, largest=False).values.tolist(), x.topk(3, largest=False).indices.tolist())
u = torch.tensor([3, 1, 2, 3, 1, 7])
print(torch.unique(u).tolist(), u.unique().tolist())
vals, inverse, counts = torch.unique(u, return_inverse=True, return_counts=True)
print(vals.tolist(), inverse.tolist(), counts.tolist())
