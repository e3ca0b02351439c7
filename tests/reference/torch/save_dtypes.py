# Tensors of float32, float64, int64, int32, uint8 and bool keep their dtype through a file.
import os
import tempfile

import numpy as np
import torch

values = np.array([[0, 1, 2], [3, 4, 5]])
tensors = {
    "f32": torch.tensor(values.astype("float32")),
    "f64": torch.tensor(values.astype("float64")),
    "i64": torch.tensor(values.astype("int64")),
    "i32": torch.tensor(values.astype("int32")),
    "u8": torch.tensor(values.astype("uint8")),
    "b": torch.tensor(values > 2),
}
path = os.path.join(tempfile.mkdtemp(), "dtypes.pt")
torch.save(tensors, path)
loaded = torch.load(path)
for name, t in loaded.items():
    print(name, str(t.dtype), tuple(t.shape), t.tolist())
