# cat/concat along a dim and stack along a new one.
import torch

a = torch.tensor([[1, 2], [3, 4]])
b = torch.tensor([[5, 6]])
print(torch.cat([a, b]).tolist(), torch.cat((a, a), dim=1).tolist())
print(torch.concat([a, b], dim=0).tolist(), torch.cat([a, a], -1).tolist())
print(torch.stack([a, a]).tolist())
print(tuple(torch.stack([a, a], dim=1).shape), tuple(torch.stack([a, a], dim=2).shape))
print(torch.stack([torch.tensor(1.0), torch.tensor(2.0)]).tolist())
try:
    torch.cat([a, torch.zeros(2, 3, dtype=torch.int64)])
except (RuntimeError, ValueError):
    print("cat of mismatched shapes refused")
