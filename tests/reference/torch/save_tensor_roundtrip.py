# torch.save then torch.load of one float tensor gives back the same values and shape.
import os
import tempfile

import numpy as np
import torch

rng = np.random.default_rng(0)
x = torch.tensor(rng.standard_normal((3, 4)).astype("float32"))
path = os.path.join(tempfile.mkdtemp(), "x.pt")
torch.save(x, path)
y = torch.load(path)
print("shape", tuple(y.shape))
print("values", np.round(y.numpy(), 5).tolist())
print("equal", bool((y.numpy() == x.numpy()).all()))
