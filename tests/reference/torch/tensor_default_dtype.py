# torch.set_default_dtype(torch.float64): float creation functions, Python-float tensors and new layers
# become float64, integer ones stay int64; get_default_dtype reads it; set back at the end.
import torch
import torch.nn as nn

print(torch.get_default_dtype())
torch.set_default_dtype(torch.float64)
print(torch.get_default_dtype())
print(torch.tensor([1.5, 2.0]).dtype, torch.tensor(3.0).dtype, torch.tensor([1, 2]).dtype)
print(torch.zeros(2).dtype, torch.ones(2, 2).dtype, torch.rand(2).dtype, torch.randn(2).dtype, torch.empty(1).dtype)
print(torch.arange(3).dtype, torch.arange(0.0, 1.0, 0.5).dtype, torch.linspace(0, 1, 3).dtype, torch.eye(2).dtype)
print(torch.full((2,), 1.5).dtype, torch.full((2,), 1).dtype, torch.tensor([1, 2]).float().dtype)
print((torch.tensor([1, 2]) * 0.5).dtype, (torch.tensor([1, 2]) / 2).dtype,
      torch.tensor([1, 2]).mean(dtype=torch.float64).dtype)
lin = nn.Linear(3, 2)
print(lin.weight.dtype, lin.bias.dtype, lin(torch.ones(1, 3)).dtype)
print(nn.Conv2d(1, 2, 3).weight.dtype, nn.BatchNorm1d(3).running_mean.dtype, nn.Embedding(4, 2).weight.dtype)
print(nn.Parameter(torch.zeros(2)).dtype)
x = torch.tensor([0.1, 0.2])
print(x.sum().item() == 0.1 + 0.2 or round(x.sum().item(), 15))
torch.set_default_dtype(torch.float32)
print(torch.get_default_dtype(), torch.tensor([1.5]).dtype, nn.Linear(1, 1).weight.dtype, torch.zeros(1).dtype)
