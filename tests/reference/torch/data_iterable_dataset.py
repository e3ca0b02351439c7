# An IterableDataset streaming samples: batched by the DataLoader in the order produced.
import numpy as np
from torch.utils.data import DataLoader, IterableDataset


class Countdown(IterableDataset):
    def __init__(self, start):
        self.start = start

    def __iter__(self):
        for n in range(self.start, 0, -1):
            yield np.array([n, n * n], dtype=np.float32), n % 2


for x, parity in DataLoader(Countdown(7), batch_size=3):
    print(tuple(x.shape), x.tolist(), parity.tolist())
print([b[0].tolist() for b in DataLoader(Countdown(4), batch_size=3, drop_last=True)])
