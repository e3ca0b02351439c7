# Image patches as a vision-transformer tutorial cuts them (F.unfold), a manual convolution as unfold + matmul
# + fold-free reshape, and fold summing overlapping blocks back (with the count of blocks each pixel is in).
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(8)
images = torch.from_numpy(rng.standard_normal((2, 3, 8, 8)).astype(np.float32))
patches = F.unfold(images, kernel_size=4, stride=4).transpose(1, 2)  # (N, 4 patches, 3·4·4)
print(patches.shape, np.round(patches[1, 2, :5].numpy(), 5).tolist())
conv = nn.Conv2d(3, 5, 3, padding=1)
with torch.no_grad():
    conv.weight.copy_(torch.from_numpy(rng.standard_normal((5, 3, 3, 3)).astype(np.float32) * 0.2))
    conv.bias.zero_()
cols = F.unfold(images, 3, padding=1)  # (N, 27, 64)
manual = (conv.weight.view(5, -1) @ cols).view(2, 5, 8, 8)
print(torch.allclose(manual, conv(images), atol=1e-5))
ones = torch.ones(1, 1, 5, 5)
print(F.fold(F.unfold(ones, 3, stride=1), (5, 5), 3).squeeze().tolist())
x = images.clone().requires_grad_()
blocks = nn.Unfold(kernel_size=2, stride=2)(x)
(blocks ** 2).sum().backward()
print(np.round(x.grad[0, 0, :2, :4].numpy(), 5).tolist(), nn.Fold(output_size=(8, 8), kernel_size=2, stride=2))
