# torch.nn.utils.weight_norm: weight = g * v / ||v|| (per output row), its parameters, gradients, remove_weight_norm.
import warnings

import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils import remove_weight_norm, weight_norm

warnings.simplefilter("ignore")
rng = np.random.default_rng(17)
lin = nn.Linear(4, 3)
with torch.no_grad():
    lin.weight.copy_(torch.tensor(rng.standard_normal((3, 4)).astype(np.float32)))
    lin.bias.zero_()
lin = weight_norm(lin)
print("names", sorted(n for n, _ in lin.named_parameters()))
print("g", lin.weight_g.detach().numpy().round(5).tolist(), tuple(lin.weight_g.shape))
print("v", tuple(lin.weight_v.shape))
x = torch.tensor(rng.standard_normal((2, 4)).astype(np.float32))
y = lin(x)
print("y", y.detach().numpy().round(5).tolist())
(y ** 2).sum().backward()
print("grad g", lin.weight_g.grad.numpy().round(5).tolist())
print("grad v", lin.weight_v.grad.numpy().round(5).tolist())
with torch.no_grad():
    lin.weight_g.mul_(2.0)
print("scaled", lin(x).detach().numpy().round(5).tolist())
conv = weight_norm(nn.Conv1d(2, 3, 2), dim=None)
print("dim None g", tuple(conv.weight_g.shape))
lin = remove_weight_norm(lin)
print("removed", sorted(n for n, _ in lin.named_parameters()), lin(x).detach().numpy().round(5).tolist())
