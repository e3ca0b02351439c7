# A DataLoader over ConcatDataset/Subset of TensorDatasets: batches cross the dataset boundary in order.
import numpy as np
import torch
from torch.utils.data import ConcatDataset, DataLoader, Subset, TensorDataset

a = TensorDataset(torch.tensor(np.arange(6, dtype=np.float32).reshape(3, 2)),
                  torch.tensor(np.array([0.0, 1.0, 2.0], dtype=np.float32)))
b = TensorDataset(torch.tensor(-np.arange(8, dtype=np.float32).reshape(4, 2)),
                  torch.tensor(np.array([10.0, 11.0, 12.0, 13.0], dtype=np.float32)))
both = ConcatDataset([a, Subset(b, [3, 1, 0])])
print(len(both), both.cumulative_sizes)
for x, y in DataLoader(both, batch_size=4):
    print(tuple(x.shape), x.tolist(), y.tolist())
joined = a + b
print(len(joined), joined[4][1].item())
