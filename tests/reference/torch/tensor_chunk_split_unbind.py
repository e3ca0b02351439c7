# chunk, split (a size or a list of sizes) and unbind.
import torch

x = torch.arange(10).reshape(5, 2)
print([p.tolist() for p in x.chunk(2)])
print([tuple(p.shape) for p in torch.chunk(x, 3, dim=0)])
print([p.tolist() for p in x.split(2)])
print([p.tolist() for p in x.split([1, 4])])
print([tuple(p.shape) for p in torch.split(x, 1, dim=1)])
print([p.tolist() for p in x.unbind(1)])
print([p.tolist() for p in torch.unbind(x)][:2])
a, b = x.chunk(2, dim=1)
print(a.tolist(), b.tolist())
