# Integer class labels (int64) keep their values and dtype; their counts are recomputed after loading.
import os
import tempfile

import numpy as np
import torch

rng = np.random.default_rng(5)
labels = torch.tensor(rng.integers(0, 4, size=12).astype("int64"))
path = os.path.join(tempfile.mkdtemp(), "labels.pt")
torch.save(labels, path)
loaded = torch.load(path)
print("dtype", str(loaded.dtype))
print("labels", loaded.tolist())
print("counts", np.bincount(loaded.numpy(), minlength=4).tolist())
