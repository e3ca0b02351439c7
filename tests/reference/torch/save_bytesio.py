# torch.save into an in-memory io.BytesIO buffer, then torch.load from it after seek(0).
import io

import numpy as np
import torch

rng = np.random.default_rng(4)
x = torch.tensor(rng.standard_normal(5).astype("float64"))
buffer = io.BytesIO()
torch.save({"x": x, "n": 5}, buffer)
print("written", buffer.tell() > 0)
buffer.seek(0)
loaded = torch.load(buffer)
print("n", loaded["n"])
print("x", np.round(loaded["x"].numpy(), 8).tolist())
