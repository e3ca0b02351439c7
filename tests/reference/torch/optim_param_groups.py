# Two parameter groups with their own lr and momentum; options missing from a group come from the defaults.
import numpy as np
import torch

rng = np.random.default_rng(1)
a = torch.tensor(rng.standard_normal(3).astype("float32"), requires_grad=True)
b = torch.tensor(rng.standard_normal(2).astype("float32"), requires_grad=True)
opt = torch.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.3, "momentum": 0.5}], lr=0.1, momentum=0.9)
print("groups", len(opt.param_groups))
for group in opt.param_groups:
    print(group["lr"], group["momentum"], group["dampening"], group["nesterov"], len(group["params"]))
for _step in range(5):
    opt.zero_grad()
    loss = (a * a).sum() + ((b - 1.0) ** 2).sum() * 2.0
    loss.backward()
    opt.step()
print("a", a.detach().numpy().round(6).tolist())
print("b", b.detach().numpy().round(6).tolist())
