# Dropout is the identity in eval mode and after model.eval(); train() turns it back on for every submodule.
import numpy as np
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(3, 3), nn.Dropout(0.5), nn.ReLU(), nn.Dropout2d(0.3))
rng = np.random.default_rng(8)
model.load_state_dict({k: torch.tensor(rng.uniform(-1, 1, tuple(v.shape)).astype(np.float32))
                       for k, v in model.state_dict().items()})
x = torch.tensor(rng.standard_normal((2, 3)).astype(np.float32))
model.eval()
print("flags", [m.training for m in model.modules()])
print("eval", model(x).detach().numpy().tolist())
model.train()
print("flags", [m.training for m in model.modules()])
y = nn.Dropout(0.5)(torch.tensor(np.ones((100, 100), dtype=np.float32)))
print("kept values", sorted(set(np.unique(y.detach().numpy()).tolist())))
print("p", model[1].p, model[3].p)
