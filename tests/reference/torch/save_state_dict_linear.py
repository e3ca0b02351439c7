# A Linear layer's state_dict saved to a file and loaded into a fresh Linear predicts the same.
import os
import tempfile

import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(1)
w = rng.standard_normal((2, 3)).astype("float32")
b = rng.standard_normal(2).astype("float32")
layer = nn.Linear(3, 2)
layer.load_state_dict({"weight": torch.tensor(w), "bias": torch.tensor(b)})
path = os.path.join(tempfile.mkdtemp(), "linear.pt")
torch.save(layer.state_dict(), path)
state = torch.load(path, weights_only=True)
print("keys", list(state.keys()))
print("shapes", [tuple(v.shape) for v in state.values()])
other = nn.Linear(3, 2)
other.load_state_dict(state)
x = torch.tensor(rng.standard_normal((4, 3)).astype("float32"))
print("out", np.round(other(x).detach().numpy(), 5).tolist())
