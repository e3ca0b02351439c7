# permute, transpose(d0, d1) (a swap of two dims), t(), T, mT.
import torch

x = torch.arange(24).reshape(2, 3, 4)
print(tuple(x.permute(2, 0, 1).shape), x.permute(2, 0, 1)[1].tolist())
print(tuple(x.permute((1, 2, 0)).shape))
print(tuple(x.transpose(0, 2).shape), x.transpose(0, 2)[0].tolist())
print(tuple(x.transpose(-1, -2).shape), tuple(torch.transpose(x, 0, 1).shape))
print(tuple(x.swapaxes(0, 1).shape), tuple(x.mT.shape))
m = torch.tensor([[1, 2, 3], [4, 5, 6]])
print(m.t().tolist(), m.T.tolist(), torch.t(m).tolist())
print(torch.tensor([1, 2, 3]).t().tolist())
print(tuple(x.permute(0, 2, 1).shape), torch.permute(x, (1, 0, 2))[0].tolist())
