# Every activation module of torch.nn on the same values (defaults and a few settings).
import numpy as np
import torch
import torch.nn as nn

x = torch.tensor(np.linspace(-4, 4, 9).astype(np.float32))
modules = [nn.ReLU(), nn.ReLU6(), nn.LeakyReLU(), nn.LeakyReLU(0.2), nn.ELU(), nn.ELU(0.5), nn.SELU(), nn.GELU(),
           nn.GELU(approximate="tanh"), nn.SiLU(), nn.Mish(), nn.Tanh(), nn.Sigmoid(), nn.Softplus(),
           nn.Softplus(beta=2, threshold=3), nn.Softsign(), nn.Hardtanh(), nn.Hardtanh(-2, 2), nn.Hardsigmoid(),
           nn.Hardswish(), nn.Threshold(0.5, -1.0), nn.LogSigmoid()]
for m in modules:
    print(m, m(x).detach().numpy().tolist())
