# sampler=, batch_sampler= (SequentialSampler, BatchSampler) and a custom collate_fn that pads sequences.
import numpy as np
from torch.utils.data import BatchSampler, DataLoader, SequentialSampler

sequences = [np.arange(n, dtype=np.float32) + 1 for n in (3, 1, 4, 2, 5)]


def pad_batch(batch):
    width = max(len(s) for s in batch)
    out = np.zeros((len(batch), width), dtype=np.float32)
    for i, s in enumerate(batch):
        out[i, :len(s)] = s
    return out, [len(s) for s in batch]


print(list(SequentialSampler(sequences)))
sampler = BatchSampler(SequentialSampler(sequences), batch_size=2, drop_last=False)
print(list(sampler), len(sampler))
for padded, lengths in DataLoader(sequences, batch_sampler=sampler, collate_fn=pad_batch):
    print(padded.tolist(), lengths)
for batch in DataLoader(list(range(10)), sampler=[9, 2, 5, 0], batch_size=3):
    print("custom order", batch.tolist())
print(list(BatchSampler(range(7), 3, drop_last=True)))
