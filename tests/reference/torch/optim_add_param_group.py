# add_param_group adds a parameter to a running optimizer with its own learning rate.
import numpy as np
import torch

rng = np.random.default_rng(2)
a = torch.tensor(rng.standard_normal(3).astype("float32"), requires_grad=True)
b = torch.tensor(rng.standard_normal(3).astype("float32"), requires_grad=True)
opt = torch.optim.Adam([a], lr=0.1)
for step in range(6):
    if step == 3:
        opt.add_param_group({"params": [b], "lr": 0.05, "betas": (0.5, 0.9)})
    opt.zero_grad()
    loss = ((a - b) ** 2).sum() + (b * b).sum()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 5), len(opt.param_groups))
print([g["lr"] for g in opt.param_groups], [list(g["betas"]) for g in opt.param_groups])
print("a", a.detach().numpy().round(6).tolist())
print("b", b.detach().numpy().round(6).tolist())
