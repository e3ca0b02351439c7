# TensorDataset + DataLoader: batch shapes and contents in order (no shuffle), the last batch shorter.
import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

x = torch.tensor(np.arange(20, dtype=np.float32).reshape(10, 2))
y = torch.tensor(np.linspace(0, 1, 10).astype(np.float32))
ds = TensorDataset(x, y)
print("len", len(ds))
first_x, first_y = ds[3]
print("item", tuple(first_x.shape), first_x.tolist(), first_y.item())
loader = DataLoader(ds, batch_size=4)
print("batches", len(loader))
for xb, yb in loader:
    print(tuple(xb.shape), xb.tolist(), yb.tolist())
