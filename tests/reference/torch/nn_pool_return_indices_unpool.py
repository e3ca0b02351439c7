# MaxPool2d(return_indices=True) and MaxUnpool2d: the int64 indices, the unpooled image and its gradient.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(22)
x = torch.tensor(rng.standard_normal((2, 2, 6, 8)).astype(np.float32), requires_grad=True)
pool, unpool = nn.MaxPool2d(2, return_indices=True), nn.MaxUnpool2d(2)
y, idx = pool(x)
print(pool, unpool, idx.dtype, tuple(idx.shape))
print("idx", idx[0].tolist())
z = unpool(y, idx)
print("unpooled", tuple(z.shape), z.detach().numpy()[0, 0].tolist())
(z * torch.arange(z.numel(), dtype=torch.float32).reshape(z.shape)).sum().backward()
print("dx", np.asarray(x.grad)[0].tolist())
y2, idx2 = nn.MaxPool2d(3, stride=2, padding=1, return_indices=True)(x[:, :, :5, :7])
print("idx2", idx2[1].tolist())
z2 = nn.MaxUnpool2d(3, stride=2, padding=1)(y2, idx2, output_size=x[:, :, :5, :7].size())
print("unpooled2", tuple(z2.shape), z2.detach().numpy()[1, 1].tolist())
