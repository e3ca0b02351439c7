# AvgPool2d with ceil_mode, count_include_pad=False and divisor_override: values and gradients.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(23)
x = torch.tensor(rng.standard_normal((2, 2, 7, 9)).astype(np.float32), requires_grad=True)
pools = [nn.AvgPool2d(2, ceil_mode=True), nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True),
         nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
         nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False),
         nn.AvgPool2d(3, stride=2, padding=1, divisor_override=4), nn.AvgPool2d(2, ceil_mode=True, divisor_override=3)]
total = 0
for i, pool in enumerate(pools):
    y = pool(x)
    print(pool, tuple(y.shape), np.round(y.detach().numpy()[0, 1], 5).tolist())
    total = total + (y * (i + 1)).sum()
total.backward()
print("dx", np.asarray(x.grad)[0].tolist())
ones = torch.ones(1, 1, 5, 5)
print("counts", nn.AvgPool2d(3, 2, 1, ceil_mode=True, count_include_pad=False)(ones).tolist())
print("with pad", nn.AvgPool2d(3, 2, 1, ceil_mode=True)(ones).tolist())
