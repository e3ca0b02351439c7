# parameters_to_vector flattens every parameter into one vector; vector_to_parameters writes one back.
import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils import parameters_to_vector, vector_to_parameters

model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
vector = torch.tensor(np.arange(13, dtype=np.float32) / 10)
vector_to_parameters(vector, model.parameters())
for name, p in model.named_parameters():
    print(name, p.detach().numpy().tolist())
flat = parameters_to_vector(model.parameters())
print("vector", tuple(flat.shape), flat.detach().numpy().tolist())
x = torch.tensor(np.array([[1.0, -1.0], [0.5, 2.0]], dtype=np.float32))
print("output", model(x).detach().numpy().tolist())
