# Adaptive pools with output sizes that do not divide the input (overlapping windows), None in the size.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(8)
x = torch.tensor(rng.standard_normal((2, 3, 7, 5)).astype(np.float32), requires_grad=True)
pools = [nn.AdaptiveMaxPool2d((3, 2)), nn.AdaptiveMaxPool2d(1), nn.AdaptiveAvgPool2d((4, 3)),
         nn.AdaptiveAvgPool2d((None, 2)), nn.AdaptiveMaxPool2d((5, None))]
total = 0
for i, pool in enumerate(pools):
    y = pool(x)
    print(pool, tuple(y.shape), y[0, 0].detach().numpy().round(5).tolist())
    total = total + (y * (i + 1)).sum()
total.backward()
print("dx", x.grad[0].numpy().round(5).tolist())
y, idx = F.adaptive_max_pool2d(x, (2, 2), return_indices=True)
print("indices", idx[0].tolist())
s = x[:, :, :, 0]
print("1d max", F.adaptive_max_pool1d(s, 3).detach().numpy().round(5).tolist())
print("1d avg", nn.AdaptiveAvgPool1d(4)(s).detach().numpy().round(5).tolist())
gap = F.adaptive_avg_pool2d(x, 1).flatten(1)
print("global", tuple(gap.shape), gap.detach().numpy().round(5).tolist())
