# Gradients of the activation functions of torch.nn.functional (away from their kinks).
import numpy as np
import torch
import torch.nn.functional as F

values = np.array([-3.7, -1.2, -0.3, 0.4, 1.1, 2.6, 5.0], dtype=np.float32)
functions = {
    "relu": F.relu, "leaky_relu": lambda t: F.leaky_relu(t, 0.1), "elu": F.elu, "selu": F.selu,
    "gelu": F.gelu, "gelu_tanh": lambda t: F.gelu(t, approximate="tanh"), "silu": F.silu, "mish": F.mish,
    "tanh": torch.tanh, "sigmoid": torch.sigmoid, "softplus": F.softplus, "softsign": F.softsign,
    "hardtanh": F.hardtanh, "relu6": F.relu6, "hardsigmoid": F.hardsigmoid, "hardswish": F.hardswish,
    "logsigmoid": F.logsigmoid,
}
for name, f in functions.items():
    x = torch.tensor(values, requires_grad=True)
    f(x).sum().backward()
    print(name, np.asarray(x.grad).tolist())
