# Grabbing intermediate activations with forward hooks (feature extraction), a pre-hook that rescales the
# input, removing a hook, and a weight-normalised Linear (weight_g, weight_v) trained two SGD steps.
import warnings

import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(12)
model = nn.Sequential(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 3))
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.from_numpy(rng.standard_normal(tuple(p.shape)).astype(np.float32) * 0.5))
activations = {}


def keep(name):
    def hook(module, inputs, output):
        activations[name] = output.detach()
    return hook


handles = [model[i].register_forward_hook(keep(f"layer{i}")) for i in range(3)]
x = torch.from_numpy(rng.standard_normal((2, 4)).astype(np.float32))
out = model(x)
print(sorted(activations), [tuple(a.shape) for a in activations.values()])
print(np.round(activations["layer1"].numpy(), 5).tolist())
for h in handles:
    h.remove()
scale = model[0].register_forward_pre_hook(lambda module, args: (args[0] * 2,))
print(np.round(model(x).detach().numpy(), 5).tolist())
scale.remove()
print(torch.allclose(model(x), out))
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    layer = nn.utils.weight_norm(nn.Linear(4, 2))
with torch.no_grad():
    layer.weight_v.copy_(torch.from_numpy(rng.standard_normal((2, 4)).astype(np.float32)))
    layer.weight_g.fill_(2.0)
    layer.bias.zero_()
print(list(layer.state_dict()), tuple(layer.weight_g.shape))
optimizer = torch.optim.SGD(layer.parameters(), lr=0.1)
for step in range(2):
    optimizer.zero_grad()
    loss = (layer(x) - 1).pow(2).mean()
    loss.backward()
    optimizer.step()
    print(step, round(loss.item(), 5), np.round(layer.weight_g.detach().numpy().ravel(), 5).tolist())
