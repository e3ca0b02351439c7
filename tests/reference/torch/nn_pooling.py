# MaxPool2d, AvgPool2d, AdaptiveAvgPool2d and the 1-D pools: outputs and the gradients they route back.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(4)
x = torch.tensor(rng.standard_normal((1, 2, 4, 6)).astype(np.float32), requires_grad=True)
pools = [nn.MaxPool2d(2), nn.MaxPool2d(3, stride=1, padding=1), nn.AvgPool2d(2), nn.AvgPool2d((2, 3)),
         nn.AdaptiveAvgPool2d(1), nn.AdaptiveAvgPool2d((2, 3))]
for pool in pools:
    y = pool(x)
    print(pool, tuple(y.shape), y.detach().numpy().tolist())
total = sum((pool(x) * (i + 1)).sum() for i, pool in enumerate(pools))
total.backward()
print("dx", np.asarray(x.grad).tolist())
seq = torch.tensor(rng.standard_normal((2, 1, 6)).astype(np.float32))
print("max1d", nn.MaxPool1d(2)(seq).detach().numpy().tolist())
print("avg1d", nn.AvgPool1d(3, stride=1)(seq).detach().numpy().tolist())
