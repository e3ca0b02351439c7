# A 0-d tensor and an empty tensor keep their shapes (and the scalar its value) through a file.
import os
import tempfile

import numpy as np
import torch

scalar = torch.tensor(np.float32(2.5))
empty = torch.tensor(np.zeros((0, 3), dtype="float32"))
path = os.path.join(tempfile.mkdtemp(), "edge.pt")
torch.save({"scalar": scalar, "empty": empty}, path)
loaded = torch.load(path)
print("scalar", tuple(loaded["scalar"].shape), loaded["scalar"].item())
print("empty", tuple(loaded["empty"].shape), loaded["empty"].tolist())
