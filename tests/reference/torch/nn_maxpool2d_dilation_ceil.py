# MaxPool2d with dilation, ceil_mode, padding and return_indices; MaxUnpool2d puts values back.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(5)
x = torch.tensor(rng.standard_normal((1, 2, 7, 7)).astype(np.float32), requires_grad=True)
configs = [dict(kernel_size=2, ceil_mode=True), dict(kernel_size=3, stride=2, ceil_mode=True),
           dict(kernel_size=2, dilation=2), dict(kernel_size=3, stride=2, padding=1, dilation=2),
           dict(kernel_size=(2, 3), stride=(1, 2), padding=(1, 1), ceil_mode=True)]
total = 0
for i, cfg in enumerate(configs):
    pool = nn.MaxPool2d(**cfg)
    y = pool(x)
    print(pool, tuple(y.shape))
    print(" values", y.detach().numpy().round(5).tolist())
    total = total + (y * (i + 1)).sum()
total.backward()
print("dx", x.grad.numpy().round(5).tolist())
y, idx = F.max_pool2d(x, 2, return_indices=True)
print("indices", idx.tolist(), idx.dtype)
unpool = nn.MaxUnpool2d(2)
print("unpool", unpool(y, idx, output_size=x.shape[-2:]).detach().numpy().round(5).tolist())
print("1d ceil", F.max_pool1d(x[:, :, 0], 2, ceil_mode=True).detach().numpy().round(5).tolist())
