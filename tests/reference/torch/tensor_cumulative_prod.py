# cumsum, cumprod and prod (with a dim, keepdim and integer inputs).
import torch

x = torch.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 4.0]])
print(x.cumsum(0).tolist(), x.cumsum(dim=1).tolist(), torch.cumsum(x, -1).tolist())
print(x.cumprod(1).tolist(), torch.cumprod(x, dim=0).tolist())
print(x.prod().item(), x.prod(1).tolist(), x.prod(0, keepdim=True).tolist())
i = torch.tensor([1, 2, 3, 4])
print(i.cumsum(0).tolist(), str(i.cumsum(0).dtype), i.prod().item(), str(i.prod().dtype))
