# Tuples, nested lists and dicts keyed by ints keep their structure and types.
import os
import tempfile

import torch

obj = {0: (torch.tensor([1, 2]), "a"), 1: [[torch.tensor([0.5])], (1, 2, 3, 4)], "flags": (True, False, None)}
path = os.path.join(tempfile.mkdtemp(), "nested.pt")
torch.save(obj, path)
loaded = torch.load(path)
print("keys", list(loaded.keys()))
print("first", type(loaded[0]).__name__, loaded[0][0].tolist(), loaded[0][1])
print("second", type(loaded[1][1]).__name__, loaded[1][0][0].tolist(), loaded[1][1])
print("flags", loaded["flags"])
