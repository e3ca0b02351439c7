# tril, triu (with diagonal offsets), diag (both ways) and trace.
import torch

m = torch.arange(1.0, 10.0).reshape(3, 3)
print(m.tril().tolist(), torch.tril(m, -1).tolist())
print(m.triu().tolist(), m.triu(1).tolist())
print(torch.diag(m).tolist(), m.diag(1).tolist(), torch.diag(m, -1).tolist())
print(torch.diag(torch.tensor([1.0, 2.0])).tolist(), torch.diag(torch.tensor([1, 2]), 1).tolist())
print(m.trace().item(), torch.trace(m).item())
