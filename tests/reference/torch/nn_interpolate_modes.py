# F.interpolate: nearest and bilinear to odd sizes and fractional scales, linear (1-D), with gradients.
import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(3)
x = torch.tensor(rng.standard_normal((1, 2, 3, 4)).astype(np.float32), requires_grad=True)
cases = [dict(scale_factor=2, mode="nearest"), dict(size=(5, 7), mode="nearest"),
         dict(size=(5, 7), mode="bilinear"),
         dict(size=(5, 7), mode="bilinear", align_corners=True), dict(scale_factor=1.5, mode="bilinear"),
         dict(scale_factor=(0.5, 1.5), mode="nearest"), dict(size=(2, 3), mode="bilinear")]
total = 0
for i, kw in enumerate(cases):
    y = F.interpolate(x, **kw)
    print(kw, tuple(y.shape))
    print(" ", y[0, 0].detach().numpy().round(5).tolist())
    total = total + (y * y).sum() * (i + 1)
total.backward()
print("dx", x.grad.numpy().round(4).tolist())
s = x[:, :, 0]
print("linear", F.interpolate(s, size=7, mode="linear").detach().numpy().round(5).tolist())
corners = F.interpolate(s, scale_factor=2, mode="linear", align_corners=True)
print("linear corners", corners.detach().numpy().round(5).tolist())
print("nearest 1d", F.interpolate(s, size=6).detach().numpy().round(5).tolist())
