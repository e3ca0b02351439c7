# float64 values are stored bit for bit: every digit of a double comes back.
import os
import tempfile

import numpy as np
import torch

values = np.array([1 / 3, np.pi, 1e-300, -2.0**60], dtype="float64")
path = os.path.join(tempfile.mkdtemp(), "f64.pt")
torch.save(torch.tensor(values), path)
loaded = torch.load(path).numpy()
print("same bits", bool((loaded.view("int64") == values.view("int64")).all()))
print("digits", [repr(float(v)) for v in loaded])
