# std/var: unbiased by default; unbiased=False; correction=; over dims.
import torch

x = torch.tensor([[1.0, 2.0, 4.0, 7.0], [0.5, -1.5, 3.0, 2.0]])
print(x.var().item(), x.std().item())
print(x.var(unbiased=False).item(), x.std(correction=0).item())
print(x.var(dim=1).tolist(), x.std(1, keepdim=True).tolist())
print(x.var(0, unbiased=False).tolist(), torch.std(x, dim=0).tolist())
print(torch.var(x, dim=1, correction=2).tolist())
