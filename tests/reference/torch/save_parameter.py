# An nn.Parameter saved directly comes back as a Parameter that requires grad.
import os
import tempfile

import numpy as np
import torch
import torch.nn as nn

p = nn.Parameter(torch.tensor(np.array([0.5, -1.5, 2.0], dtype="float32")))
path = os.path.join(tempfile.mkdtemp(), "param.pt")
torch.save({"p": p}, path)
loaded = torch.load(path)["p"]
print("is parameter", isinstance(loaded, nn.Parameter))
print("requires grad", loaded.requires_grad)
print("values", loaded.tolist())
