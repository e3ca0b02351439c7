# A slice (a view with an offset and strides) saved on its own comes back with the slice's values.
import os
import tempfile

import numpy as np
import torch

base = torch.tensor(np.arange(24, dtype="float32").reshape(4, 6))
view = base[1:3, ::2]
path = os.path.join(tempfile.mkdtemp(), "view.pt")
torch.save({"view": view, "base": base}, path)
loaded = torch.load(path)
print("view shape", tuple(loaded["view"].shape))
print("view", loaded["view"].tolist())
print("base row 1", loaded["base"][1].tolist())
