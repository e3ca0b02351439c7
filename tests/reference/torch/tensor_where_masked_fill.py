# where (three arguments, and the one-argument form), masked_fill and masked_fill_.
import torch

x = torch.tensor([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]])
print(torch.where(x > 0, x, torch.zeros_like(x)).tolist())
print(torch.where(x > 0, x, 0.0).tolist(), x.where(x < 0, torch.tensor(9.0)).tolist())
rows, cols = torch.where(x > 0)
print(rows.tolist(), cols.tolist())
mask = torch.tensor([[True, False, False], [False, False, True]])
print(x.masked_fill(mask, -1.0).tolist(), x.masked_fill(x < 0, 0).tolist())
y = x.clone()
y.masked_fill_(y > 2, 2.0)
print(y.tolist(), x.tolist())
print(x.masked_fill(torch.tensor([True, False, True]), 0.5).tolist())
