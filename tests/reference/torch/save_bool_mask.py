# A boolean mask survives a file and still selects the same values.
import os
import tempfile

import numpy as np
import torch

rng = np.random.default_rng(6)
values = rng.standard_normal(8).astype("float32")
mask = torch.tensor(values > 0)
path = os.path.join(tempfile.mkdtemp(), "mask.pt")
torch.save({"mask": mask}, path)
loaded = torch.load(path)["mask"]
print("mask", loaded.tolist())
print("kept", np.round(values[loaded.numpy()], 5).tolist())
