# nn.PixelShuffle / PixelUnshuffle and F.unfold / F.fold (im2col): shapes, values, round trips, gradients.
import numpy as np
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
img = torch.tensor(np.arange(1, 17, dtype=np.float32).reshape(1, 1, 4, 4), requires_grad=True)
cols = F.unfold(img, kernel_size=2)
print("unfold", tuple(cols.shape), cols[0].tolist())
cols2 = F.unfold(img, kernel_size=3, padding=1, stride=2)
print("unfold pad stride", tuple(cols2.shape), cols2[0, 4].tolist())
folded = F.fold(cols, output_size=(4, 4), kernel_size=2)
print("fold", folded[0, 0].tolist())
ones = F.fold(F.unfold(torch.ones(1, 1, 4, 4), 2), (4, 4), 2)
print("overlap count", ones[0, 0].tolist())
(cols ** 2).sum().backward()
print("unfold grad", img.grad[0, 0].tolist())
u = nn.Unfold(kernel_size=(2, 3), dilation=1, stride=(2, 1))
print(u, tuple(u(torch.ones(2, 3, 4, 5)).shape))
print(nn.Fold((3, 3), 2), tuple(nn.Fold((3, 3), 2)(torch.ones(1, 4, 4)).shape))
