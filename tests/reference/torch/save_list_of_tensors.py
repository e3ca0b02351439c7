# A list of tensors of different shapes comes back as a list, in order.
import os
import tempfile

import numpy as np
import torch

rng = np.random.default_rng(2)
items = [torch.tensor(rng.standard_normal(shape).astype("float32")) for shape in [(2,), (2, 2), (1, 3, 2)]]
path = os.path.join(tempfile.mkdtemp(), "items.pt")
torch.save(items, path)
loaded = torch.load(path)
print("type", type(loaded).__name__, len(loaded))
for t in loaded:
    print(tuple(t.shape), np.round(t.numpy(), 5).tolist())
