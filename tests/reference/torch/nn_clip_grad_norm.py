# clip_grad_norm_ returns the total norm before clipping and scales the gradients; clip_grad_value_ clamps them.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(25)
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
model.load_state_dict({k: torch.tensor(rng.uniform(-1, 1, tuple(v.shape)).astype(np.float32))
                       for k, v in model.state_dict().items()})
x = torch.tensor(rng.standard_normal((5, 3)).astype(np.float32))
(model(x) ** 2).sum().backward()
total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
print("total norm", total.item())
print("clipped", [np.asarray(p.grad).tolist() for p in model.parameters()])
print("new norm", float(np.sqrt(sum((np.asarray(p.grad) ** 2).sum() for p in model.parameters()))))
model.zero_grad()
(model(x) ** 2).sum().backward()
inf_norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5, norm_type=float("inf"))
print("inf norm", inf_norm.item())
nn.utils.clip_grad_value_(model.parameters(), clip_value=0.05)
print("clamped", [np.asarray(p.grad).tolist() for p in model.parameters()])
