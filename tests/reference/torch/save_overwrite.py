# Saving twice to the same path leaves the second object in the file.
import os
import tempfile

import torch

path = os.path.join(tempfile.mkdtemp(), "w.pt")
torch.save({"step": 1, "w": torch.tensor([1.0])}, path)
torch.save({"step": 2, "w": torch.tensor([2.0, 3.0])}, path)
loaded = torch.load(path)
print("step", loaded["step"])
print("w", loaded["w"].tolist())
print("files", sorted(os.listdir(os.path.dirname(path))))
