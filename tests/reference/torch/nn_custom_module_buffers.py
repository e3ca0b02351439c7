# A custom Module with a parameter, a persistent and a non-persistent buffer: what state_dict keeps.
import numpy as np
import torch
import torch.nn as nn


class Standardize(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean))
        self.register_buffer("std", torch.tensor(std))
        self.register_buffer("calls", torch.tensor(np.zeros(1, dtype=np.float32)), persistent=False)
        self.scale = nn.Parameter(torch.tensor(np.ones(2, dtype=np.float32)))
        self.linear = nn.Linear(2, 1)

    def forward(self, x):
        return self.linear((x - self.mean) / self.std * self.scale)


m = Standardize(np.array([1.0, 2.0], dtype=np.float32), np.array([0.5, 4.0], dtype=np.float32))
print("state", list(m.state_dict().keys()))
print("buffers", [name for name, _ in m.named_buffers()])
print("parameters", [name for name, _ in m.named_parameters()])
m.linear.load_state_dict({"weight": torch.tensor(np.array([[1.0, -1.0]], dtype=np.float32)),
                          "bias": torch.tensor(np.array([0.5], dtype=np.float32))})
x = torch.tensor(np.array([[2.0, 6.0], [0.0, 0.0]], dtype=np.float32))
y = m(x)
y.sum().backward()
print("y", y.detach().numpy().tolist(), "dscale", np.asarray(m.scale.grad).tolist())
print("buffer grad", m.mean.requires_grad)
