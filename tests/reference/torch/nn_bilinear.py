# nn.Bilinear: y = x1ᵀ W x2 + b for each output, its weight layout and gradients.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(31)
layer = nn.Bilinear(3, 2, 4)
print(layer, [(name, tuple(p.shape)) for name, p in layer.named_parameters()])
layer.load_state_dict({k: torch.tensor(rng.uniform(-1, 1, tuple(v.shape)).astype(np.float32))
                       for k, v in layer.state_dict().items()})
a = torch.tensor(rng.standard_normal((5, 3)).astype(np.float32), requires_grad=True)
b = torch.tensor(rng.standard_normal((5, 2)).astype(np.float32))
y = layer(a, b)
(y ** 2).sum().backward()
print("y", y.detach().numpy().tolist())
print("dW", np.asarray(layer.weight.grad).tolist())
print("da", np.asarray(a.grad).tolist())
