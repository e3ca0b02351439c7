# logsumexp (stable for large values) and norm (2, 1, inf, fro, over a dim).
import torch

x = torch.tensor([[1.0, 2.0, 3.0], [1000.0, 1000.0, 999.0]])
print(x.logsumexp(1).tolist(), torch.logsumexp(x, dim=0).tolist())
print(tuple(x.logsumexp(1, keepdim=True).shape))
y = torch.tensor([[3.0, -4.0], [1.0, 2.0]])
print(y.norm().item(), y.norm(p="fro").item(), y.norm(1).item(), y.norm(float("inf")).item())
print(y.norm(dim=1).tolist(), torch.norm(y, dim=0).tolist(), y.norm(2, dim=1, keepdim=True).tolist())
