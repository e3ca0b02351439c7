# Softmax and LogSoftmax along different dims, as modules and functions, and their gradients.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(15)
x = torch.tensor(rng.standard_normal((2, 3, 4)).astype(np.float32), requires_grad=True)
for dim in (0, 1, 2, -1):
    print("softmax", dim, nn.Softmax(dim=dim)(x).detach().numpy().tolist())
print("log_softmax", F.log_softmax(x, dim=1).detach().numpy().tolist())
w = torch.tensor(rng.standard_normal((2, 3, 4)).astype(np.float32))
(F.softmax(x, dim=2) * w).sum().backward()
print("grad", np.asarray(x.grad).tolist())
print(nn.Softmax(dim=1), nn.LogSoftmax(dim=-1))
