# load_state_dict returns (missing_keys, unexpected_keys); strict=False loads what matches.
import numpy as np
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
full = {k: torch.tensor(np.full(tuple(v.shape), 0.5, dtype=np.float32)) for k, v in model.state_dict().items()}
result = model.load_state_dict(full)
print("all", result.missing_keys, result.unexpected_keys)
partial = {"0.weight": torch.tensor(np.ones((3, 2), dtype=np.float32)),
           "extra.bias": torch.tensor(np.zeros(1, dtype=np.float32))}
result = model.load_state_dict(partial, strict=False)
print("missing", result.missing_keys)
print("unexpected", result.unexpected_keys)
print("weight", model[0].weight.detach().numpy().tolist())
print("bias", model[0].bias.detach().numpy().tolist())
try:
    model.load_state_dict(partial)
except RuntimeError:
    print("strict load raised RuntimeError")
