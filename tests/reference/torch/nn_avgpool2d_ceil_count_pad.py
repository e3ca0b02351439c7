# AvgPool2d: padding counted or not (count_include_pad), ceil_mode windows, divisor_override.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.tensor(np.arange(1, 26, dtype=np.float32).reshape(1, 1, 5, 5), requires_grad=True)
configs = [dict(kernel_size=2, ceil_mode=True), dict(kernel_size=3, stride=2, padding=1),
           dict(kernel_size=3, stride=2, padding=1, count_include_pad=False),
           dict(kernel_size=2, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
           dict(kernel_size=2, stride=2, padding=1, ceil_mode=True),
           dict(kernel_size=2, divisor_override=3)]
total = 0
for i, cfg in enumerate(configs):
    pool = nn.AvgPool2d(**cfg)
    y = pool(x)
    print(cfg, tuple(y.shape))
    print(" values", y.detach().numpy().round(5).tolist())
    total = total + (y * (i + 1)).sum()
total.backward()
print("dx", x.grad.numpy().round(5).tolist())
s = x[:, :, 0]
print("1d", F.avg_pool1d(s, 2, stride=2, padding=1, count_include_pad=False, ceil_mode=True).detach().numpy().tolist())
