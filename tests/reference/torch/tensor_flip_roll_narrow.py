# flip, roll (with and without dims) and narrow.
import torch

x = torch.arange(6).reshape(2, 3)
print(x.flip(0).tolist(), x.flip(1).tolist(), torch.flip(x, [0, 1]).tolist())
print(x.roll(1).tolist(), x.roll(1, 1).tolist(), torch.roll(x, -1, 0).tolist())
print(x.roll((1, 1), (0, 1)).tolist())
print(x.narrow(1, 1, 2).tolist(), torch.narrow(x, 0, 1, 1).tolist())
