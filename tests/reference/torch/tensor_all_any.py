# all/any over everything or a dim, on bool and numeric tensors.
import torch

b = torch.tensor([[True, False, True], [True, True, True]])
print(b.all().item(), b.any().item(), b.all(1).tolist(), b.any(0).tolist())
x = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
print(x.all().item(), x.any().item(), (x > 0).all(dim=1).tolist(), torch.any(x > 2).item())
print(str(b.all().dtype), torch.all(b, dim=0, keepdim=True).tolist())
