# PReLU with one learnt slope per channel: output and the slope's gradient.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(14)
act = nn.PReLU(num_parameters=3, init=0.1)
print("start", act.weight.detach().numpy().tolist())
x = torch.tensor(rng.standard_normal((2, 3, 2)).astype(np.float32))
y = act(x)
y.sum().backward()
print("y", y.detach().numpy().tolist())
print("d weight", np.asarray(act.weight.grad).tolist())
print(act)
