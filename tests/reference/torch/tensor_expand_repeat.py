# expand (a broadcast view, -1 keeps a size) and repeat (tiles copies).
import torch

x = torch.tensor([[1.0], [2.0], [3.0]])
print(x.expand(3, 4).tolist())
print(tuple(x.expand(2, -1, 4).shape))
print(x.expand_as(torch.zeros(3, 2)).tolist())
y = torch.tensor([1, 2])
print(y.repeat(3).tolist(), y.repeat(2, 2).tolist())
print(tuple(x.repeat(1, 2).shape), x.repeat(2, 1).tolist(), tuple(y.repeat(2, 1, 3).shape))
