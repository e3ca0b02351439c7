# A state dict of a two-layer network keeps its keys in order, and loading it restores predictions.
import os
import tempfile

import numpy as np
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(4, 3)
        self.out = nn.Linear(3, 2)

    def forward(self, x):
        return self.out(torch.tanh(self.hidden(x)))


rng = np.random.default_rng(7)
net = Net()
net.load_state_dict({k: torch.tensor(rng.standard_normal(tuple(v.shape)).astype("float32"))
                     for k, v in net.state_dict().items()})
path = os.path.join(tempfile.mkdtemp(), "net.pt")
torch.save(net.state_dict(), path)
state = torch.load(path, weights_only=True)
print("keys", list(state))
fresh = Net()
fresh.load_state_dict(state)
x = torch.tensor(rng.standard_normal((3, 4)).astype("float32"))
print("out", np.round(fresh(x).detach().numpy(), 5).tolist())
