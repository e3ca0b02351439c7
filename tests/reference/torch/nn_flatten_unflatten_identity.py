# Flatten (start_dim/end_dim), Unflatten and Identity reshape without changing values.
import numpy as np
import torch
import torch.nn as nn

x = torch.tensor(np.arange(24, dtype=np.float32).reshape(2, 3, 2, 2))
print(tuple(nn.Flatten()(x).shape), tuple(nn.Flatten(0, 1)(x).shape), tuple(nn.Flatten(2)(x).shape))
y = nn.Unflatten(1, (2, 6))(nn.Flatten()(x))
print(tuple(y.shape), y.detach().numpy()[1].tolist())
print(nn.Identity()(x) is x, nn.Identity(54, unused=True)(x) is x)
print(nn.Flatten(), nn.Unflatten(1, (2, 6)), nn.Identity())
