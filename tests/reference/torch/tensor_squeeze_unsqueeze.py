# squeeze (all, or one dim; a dim of length > 1 stays) and unsqueeze (negative dims too).
import torch

x = torch.zeros(1, 3, 1, 2)
print(tuple(x.squeeze().shape), tuple(x.squeeze(0).shape), tuple(x.squeeze(2).shape))
print(tuple(x.squeeze(1).shape), tuple(x.squeeze(-2).shape))
y = torch.tensor([1.0, 2.0, 3.0])
print(tuple(y.unsqueeze(0).shape), tuple(y.unsqueeze(1).shape), tuple(y.unsqueeze(-1).shape))
print(y.unsqueeze(0).tolist(), y.unsqueeze(1).tolist())
print(tuple(torch.unsqueeze(y, 0).shape), tuple(torch.squeeze(y.unsqueeze(0)).shape))
print(tuple(y[None].shape), tuple(y[:, None].shape))
