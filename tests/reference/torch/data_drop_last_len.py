# len(DataLoader) with and without drop_last, for several batch sizes.
from torch.utils.data import DataLoader

data = list(range(23))
for batch_size in (1, 4, 5, 23, 30):
    keep = DataLoader(data, batch_size=batch_size)
    drop = DataLoader(data, batch_size=batch_size, drop_last=True)
    print(batch_size, len(keep), len(drop), [len(b) for b in drop][:3], [b.tolist() for b in keep][-1])
