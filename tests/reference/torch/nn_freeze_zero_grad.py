# requires_grad_(False) freezes a layer (no .grad after backward); zero_grad sets gradients to None.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(26)
model = nn.Sequential(nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 1))
model.load_state_dict({k: torch.tensor(rng.uniform(-1, 1, tuple(v.shape)).astype(np.float32))
                       for k, v in model.state_dict().items()})
model[0].requires_grad_(False)
print("requires_grad", [p.requires_grad for p in model.parameters()])
x = torch.tensor(rng.standard_normal((4, 3)).astype(np.float32))
model(x).sum().backward()
print("grad is None", [p.grad is None for p in model.parameters()])
print("head grad", np.asarray(model[2].weight.grad).tolist())
model(x).sum().backward()
print("accumulated", np.asarray(model[2].weight.grad).tolist())
model.zero_grad()
print("after zero_grad", [p.grad is None for p in model.parameters()])
