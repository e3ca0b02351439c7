# model.double() converts parameters to float64: a float64 forward and backward.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(28)
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1)).double()
model.load_state_dict({k: torch.tensor(rng.uniform(-1, 1, tuple(v.shape))) for k, v in model.state_dict().items()})
x = torch.tensor(rng.standard_normal((2, 3)))
y = model(x)
y.sum().backward()
print("y", y.detach().numpy().tolist())
print("grad", np.asarray(model[0].weight.grad).tolist())
print("itemsize", [np.asarray(p.detach().numpy()).itemsize for p in model.parameters()])
model.float()
print("itemsize", [np.asarray(p.detach().numpy()).itemsize for p in model.parameters()])
