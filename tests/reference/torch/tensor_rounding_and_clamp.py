# floor, ceil, round (half to even, decimals), trunc, frac; clamp/clip with min, max or both.
import torch

x = torch.tensor([-2.5, -1.7, -0.5, 0.5, 1.5, 2.25, 3.7])
for name in ("floor", "ceil", "round", "trunc", "frac"):
    print(name, getattr(x, name)().tolist())
print(torch.tensor([1.2345, -2.3456]).round(decimals=2).tolist())
print(x.clamp(-1, 1).tolist(), x.clamp(min=0).tolist(), x.clamp(max=0.5).tolist())
print(torch.clamp(x, -2.0, 2.0).tolist(), x.clip(0, 3).tolist(), torch.clip(x, max=1).tolist())
print(x.clamp_min(0.0).tolist(), x.clamp_max(0.0).tolist())
