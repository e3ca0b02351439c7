# MaxPool2d with ceil_mode and dilation: output sizes, values and the gradients routed back.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(21)
x = torch.tensor(rng.standard_normal((2, 3, 7, 9)).astype(np.float32), requires_grad=True)
pools = [nn.MaxPool2d(2, ceil_mode=True), nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True),
         nn.MaxPool2d(3, stride=1, padding=1, dilation=2), nn.MaxPool2d((3, 2), stride=(2, 3), padding=1,
                                                                        dilation=(1, 2), ceil_mode=True)]
total = 0
for i, pool in enumerate(pools):
    y = pool(x)
    print(pool, tuple(y.shape), np.round(y.detach().numpy()[0, 0], 5).tolist())
    total = total + (y * (i + 1)).sum()
total.backward()
print("dx", np.asarray(x.grad)[1].tolist())
for size in range(4, 10):
    print(size, tuple(nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)(torch.zeros(1, 1, size, size)).shape))
