# nn.PixelShuffle / PixelUnshuffle and F.pixel_shuffle: shapes, values, the round trip, gradients.
import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.arange(32.0).reshape(1, 8, 2, 2).requires_grad_(True)
ps = nn.PixelShuffle(2)
y = ps(x)
print(ps, tuple(y.shape), y[0, 0].tolist())
back = nn.PixelUnshuffle(2)(y)
print("unshuffle", tuple(back.shape), torch.equal(back, x))
(y * torch.arange(16.0).reshape(1, 1, 4, 4)).sum().backward()
print("grad", x.grad[0, :, 0, 0].tolist())
print("F", F.pixel_shuffle(torch.arange(18.0).reshape(2, 9, 1, 1), 3)[1, 0].tolist())
print("batched", tuple(F.pixel_unshuffle(torch.zeros(2, 3, 1, 4, 6), 2).shape))
print(nn.PixelUnshuffle(2))
