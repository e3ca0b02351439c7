# size(), size(dim), shape, dim(), ndim, numel(), and how a Size prints.
import torch

x = torch.zeros(2, 3, 4)
print(x.size(), x.shape)
print(str(x.size()), str(x.shape))
print(x.size(0), x.size(-1), x.shape[1], x.shape[-2:])
print(x.dim(), x.ndim, x.numel(), len(x))
print(x.size() == (2, 3, 4), tuple(x.shape), list(x.shape))
print(torch.tensor(3.0).shape, torch.tensor(3.0).dim(), torch.tensor(3.0).numel())
print(torch.Size([2, 3]), torch.Size([2, 3]).numel())
n, c, h = x.shape
print(n, c, h)
