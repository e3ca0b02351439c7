# state_dict has torch's structure: per-index state and param_groups that list parameter indices.
import numpy as np
import torch

rng = np.random.default_rng(3)
a = torch.tensor(rng.standard_normal(3).astype("float32"), requires_grad=True)
b = torch.tensor(rng.standard_normal(2).astype("float32"), requires_grad=True)
c = torch.tensor(rng.standard_normal(2).astype("float32"), requires_grad=True)
opt = torch.optim.Adam([{"params": [a, b]}, {"params": [c], "lr": 0.01}], lr=0.1, amsgrad=True)
print("before", sorted(opt.state_dict()["state"]))
for _step in range(3):
    opt.zero_grad()
    loss = (a * a).sum() + (b * b).sum()  # c gets no gradient
    loss.backward()
    opt.step()
sd = opt.state_dict()
print(sorted(sd.keys()))
print(sorted(sd["state"]))
print(sorted(sd["state"][0]))
print(sd["state"][0]["step"].item(), sd["state"][1]["exp_avg"].numpy().round(6).tolist())
print([g["params"] for g in sd["param_groups"]])
print(sorted(k for k in sd["param_groups"][0] if k != "params"))
print([g["lr"] for g in sd["param_groups"]], sd["param_groups"][0]["amsgrad"])
print(len(opt.state), c.grad is None)
