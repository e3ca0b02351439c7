# An SGD-with-momentum optimizer's state_dict (buffers and settings) is saved and restored.
import os
import tempfile

import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(8)
layer = nn.Linear(2, 1)
layer.load_state_dict({"weight": torch.tensor(rng.standard_normal((1, 2)).astype("float32")),
                       "bias": torch.tensor(np.zeros(1, dtype="float32"))})
opt = torch.optim.SGD(layer.parameters(), lr=0.1, momentum=0.9)
x = torch.tensor(rng.standard_normal((4, 2)).astype("float32"))
loss = (layer(x) ** 2).mean()
loss.backward()
opt.step()
path = os.path.join(tempfile.mkdtemp(), "opt.pt")
torch.save(opt.state_dict(), path)
state = torch.load(path, weights_only=True)
group = state["param_groups"][0]
print("lr", group["lr"], "momentum", group["momentum"], "params", group["params"])
print("buffers", [np.round(s["momentum_buffer"].numpy(), 5).tolist() for s in state["state"].values()])
