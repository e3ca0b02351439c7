# sum and mean with dim, a tuple of dims, keepdim, and NumPy's axis/keepdims spelling.
import torch

x = torch.tensor([[[0.5, -1.0, 2.0], [3.0, 0.25, -0.75]], [[1.5, 2.5, -3.0], [0.0, 1.0, 4.0]]])
print(x.sum().item(), x.mean().item())
print(x.sum(0).tolist(), x.sum(dim=1).tolist())
print(x.sum((0, 2)).tolist(), tuple(x.sum(dim=(0, 1), keepdim=True).shape))
print(x.mean(-1).tolist(), x.mean(dim=(1, 2)).tolist())
print(torch.sum(x, 2, keepdim=True).tolist())
print(x.sum(axis=1).tolist(), tuple(x.mean(axis=0, keepdims=True).shape))
i = torch.tensor([[1, 2], [3, 4]])
print(str(i.sum().dtype), i.sum().item(), i.sum(0).tolist(), str(torch.tensor([True, True]).sum().dtype))
print(str(i.sum(dtype=torch.float32).dtype), i.float().mean().item())
try:
    i.mean()
except RuntimeError:
    print("mean of an integer tensor refused")
