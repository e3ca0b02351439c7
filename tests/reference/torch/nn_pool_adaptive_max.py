# AdaptiveMaxPool2d / AdaptiveMaxPool1d with return_indices, and the gradient through overlapping windows.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(24)
x = torch.tensor(rng.standard_normal((2, 3, 7, 10)).astype(np.float32), requires_grad=True)
y, idx = nn.AdaptiveMaxPool2d((3, 4), return_indices=True)(x)
print(nn.AdaptiveMaxPool2d((3, 4)), tuple(y.shape), idx.dtype)
print("y", y.detach().numpy()[0].tolist())
print("idx", idx[1].tolist())
z = F.adaptive_max_pool2d(x, (5, None))
print("z", tuple(z.shape))
(y.sum() * 2 + (z * z).sum() + nn.AdaptiveMaxPool2d(1)(x).sum()).backward()
print("dx", np.asarray(x.grad)[0].tolist())
seq = torch.tensor(rng.integers(0, 3, (2, 2, 9)).astype(np.float32), requires_grad=True)  # ties
s, sidx = nn.AdaptiveMaxPool1d(4, return_indices=True)(seq)
print("seq", s.tolist(), sidx.tolist())
(s * torch.tensor([1.0, 2.0, 3.0, 4.0])).sum().backward()
print("dseq", np.asarray(seq.grad).tolist())
