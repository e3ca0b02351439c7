# nn.init writes in place and returns the tensor: constants, eye, gains, and the bounds of the random ones.
import math

import numpy as np
import torch.nn as nn

layer = nn.Linear(5, 3)
print(nn.init.constant_(layer.weight, 0.25) is layer.weight, layer.weight.detach().numpy().tolist())
nn.init.zeros_(layer.bias)
print("zeros", layer.bias.detach().numpy().tolist())
nn.init.ones_(layer.bias)
print("ones", layer.bias.detach().numpy().tolist())
nn.init.eye_(layer.weight)
print("eye", layer.weight.detach().numpy().tolist())
for name in ("linear", "sigmoid", "tanh", "relu", "selu", "conv2d"):
    print("gain", name, nn.init.calculate_gain(name))
print("gain leaky", nn.init.calculate_gain("leaky_relu", 0.2))
big = nn.Linear(400, 300)
nn.init.xavier_uniform_(big.weight)
print("xavier bound ok", float(np.abs(big.weight.detach().numpy()).max()) <= math.sqrt(6 / 700))
nn.init.kaiming_uniform_(big.weight, nonlinearity="relu")
print("kaiming bound ok", float(np.abs(big.weight.detach().numpy()).max()) <= math.sqrt(6 / 400))
nn.init.uniform_(big.bias, -0.1, 0.1)
print("uniform bound ok", float(np.abs(big.bias.detach().numpy()).max()) <= 0.1)
nn.init.normal_(big.weight, mean=1.0, std=0.01)
print("normal mean ok", abs(float(big.weight.detach().numpy().mean()) - 1.0) < 0.01)
nn.init.orthogonal_(layer.weight)
q = layer.weight.detach().numpy()
print("orthogonal", np.allclose(q @ q.T, np.eye(3), atol=1e-5))
