# F.pad (constant, reflect, replicate, circular) and F.interpolate (nearest, bilinear, align_corners).
import numpy as np
import torch
import torch.nn.functional as F

x = torch.tensor(np.arange(12, dtype=np.float32).reshape(1, 1, 3, 4), requires_grad=True)
for mode in ("constant", "reflect", "replicate", "circular"):
    print(mode, F.pad(x, (1, 2, 1, 0), mode=mode).detach().numpy().tolist())
print("value", F.pad(x, (1, 1), value=-1.0).detach().numpy().tolist())
print("nearest x2", F.interpolate(x, scale_factor=2).detach().numpy().tolist())
print("nearest size", F.interpolate(x, size=(2, 3)).detach().numpy().tolist())
print("bilinear", F.interpolate(x, size=(5, 6), mode="bilinear").detach().numpy().tolist())
print("corners", F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=True).detach().numpy().tolist())
y = F.interpolate(F.pad(x, (1, 1, 1, 1), mode="reflect"), size=(4, 4), mode="bilinear")
(y * y).sum().backward()
print("grad", np.asarray(x.grad).tolist())
