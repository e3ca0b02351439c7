# model.apply(fn) visits every submodule (children first) to re-initialise the Linear layers.
import numpy as np
import torch
import torch.nn as nn

visited = []


def init_weights(m):
    visited.append(type(m).__name__)
    if isinstance(m, nn.Linear):
        nn.init.constant_(m.weight, 0.1)
        nn.init.constant_(m.bias, -0.05)


model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Sequential(nn.Linear(4, 2), nn.Sigmoid()))
returned = model.apply(init_weights)
print("returned model", returned is model)
print("visited", visited)
x = torch.tensor(np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 1.0]], dtype=np.float32))
print("output", model(x).detach().numpy().tolist())
