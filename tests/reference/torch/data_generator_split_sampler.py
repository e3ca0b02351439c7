# DataLoader shuffling with a seeded torch.Generator (same seed, same order), random_split with counts
# and fractions, Subset, SubsetRandomSampler, BatchSampler, drop_last and a collate_fn padding sequences.
import torch
from torch.utils.data import (
    BatchSampler,
    DataLoader,
    RandomSampler,
    SequentialSampler,
    Subset,
    SubsetRandomSampler,
    TensorDataset,
    random_split,
)

ds = TensorDataset(torch.arange(10).float().unsqueeze(1), torch.arange(10))


def order(seed):
    g = torch.Generator()
    g.manual_seed(seed)
    return [y.tolist() for _, y in DataLoader(ds, batch_size=3, shuffle=True, generator=g)]


a, b = order(7), order(7)
print(a == b, sorted(sum(a, [])), [len(x) for x in a])
train, val = random_split(ds, [8, 2], generator=torch.Generator().manual_seed(42))
print(len(train), len(val), type(train).__name__, sorted(train.indices + val.indices) == list(range(10)))
parts = random_split(range(10), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(0))
print([len(p) for p in parts])
sub = Subset(ds, [1, 3, 5])
print(len(sub), sub[1][1].item(), [y.item() for _, y in sub])
sampler = SubsetRandomSampler([0, 2, 4, 6])
print(len(sampler), sorted(list(sampler)))
print(list(BatchSampler(SequentialSampler(range(7)), batch_size=3, drop_last=False)))
print(list(BatchSampler(SequentialSampler(range(7)), batch_size=3, drop_last=True)))
print(len(RandomSampler(ds)), sorted(RandomSampler(ds, generator=torch.Generator().manual_seed(3))))
loader = DataLoader(ds, batch_size=4, drop_last=True)
print(len(loader), [tuple(x.shape) for x, _ in loader])
seqs = [torch.tensor([1, 2, 3]), torch.tensor([4]), torch.tensor([5, 6])]


def pad_collate(batch):
    lengths = torch.tensor([len(s) for s in batch])
    out = torch.zeros(len(batch), int(lengths.max()), dtype=torch.long)
    for i, s in enumerate(batch):
        out[i, :len(s)] = s
    return out, lengths


for padded, lengths in DataLoader(seqs, batch_size=2, collate_fn=pad_collate):
    print(padded.tolist(), lengths.tolist())
for batch in DataLoader([{"a": 1, "b": torch.tensor([1.0, 2.0])}, {"a": 2, "b": torch.tensor([3.0, 4.0])}],
                        batch_size=2):
    print(batch["a"], batch["b"])
dl = DataLoader(ds, batch_size=5, sampler=SubsetRandomSampler(range(5), generator=torch.Generator().manual_seed(1)))
print(sorted(next(iter(dl))[1].tolist()))
