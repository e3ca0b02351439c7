# batch_size=None turns batching off: NumPy samples come back one by one, converted to tensors.
import numpy as np
from torch.utils.data import DataLoader

rows = np.arange(6, dtype=np.float32).reshape(3, 2)
loader = DataLoader(rows, batch_size=None)
print(len(loader))
for row in loader:
    print(tuple(row.shape), row.tolist())
pairs = [(np.ones(2, dtype=np.float32) * i, i) for i in range(2)]
for x, label in DataLoader(pairs, batch_size=None):
    print(x.tolist(), label)
