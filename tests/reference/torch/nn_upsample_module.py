# nn.Upsample and nn.UpsamplingNearest2d / UpsamplingBilinear2d in a small decoder, forward and backward.
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
rng = np.random.default_rng(6)
x = torch.tensor(rng.standard_normal((2, 3, 4, 4)).astype(np.float32))
for up in [nn.Upsample(scale_factor=2), nn.Upsample(size=(6, 5), mode="bilinear"),
           nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True),
           nn.UpsamplingNearest2d(scale_factor=2), nn.UpsamplingBilinear2d(size=(5, 5))]:
    y = up(x)
    print(up, tuple(y.shape), y[0, 0, 0].numpy().round(5).tolist())
conv = nn.Conv2d(3, 1, 3, padding=1)
with torch.no_grad():
    conv.weight.copy_(torch.tensor(rng.standard_normal((1, 3, 3, 3)).astype(np.float32) * 0.3))
    conv.bias.fill_(0.1)
decoder = nn.Sequential(nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False), conv, nn.Sigmoid())
out = decoder(x)
loss = ((out - 0.5) ** 2).mean()
loss.backward()
print("out", tuple(out.shape), round(loss.item(), 6))
print("conv grad", conv.weight.grad.numpy().round(5).tolist())
print("bias grad", conv.bias.grad.numpy().round(5).tolist())
print(decoder)
