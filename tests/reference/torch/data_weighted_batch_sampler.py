# WeightedRandomSampler and BatchSampler: lengths, batch shapes, which indices can come out.
import torch
from torch.utils.data import (
                              BatchSampler,
                              DataLoader,
                              RandomSampler,
                              SequentialSampler,
                              TensorDataset,
                              WeightedRandomSampler,
)

torch.manual_seed(0)
print("sequential", list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False)))
print("drop_last", list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=True)))
print("len", len(BatchSampler(range(10), 4, False)), len(BatchSampler(range(10), 4, True)))
print("random sorted", sorted(sum(list(BatchSampler(RandomSampler(range(7)), 2, False)), [])))
labels = torch.tensor([0, 0, 0, 0, 0, 0, 1, 1])
class_count = torch.bincount(labels)
weights = (1.0 / class_count.float())[labels]
print("weights", weights.numpy().round(6).tolist())
sampler = WeightedRandomSampler(weights, num_samples=20, replacement=True)
drawn = list(sampler)
print("len", len(sampler), len(drawn), all(0 <= i < 8 for i in drawn), type(drawn[0]).__name__)
only = WeightedRandomSampler([0.0, 0.0, 1.0, 0.0], num_samples=5)
print("only index 2", list(only))
no_repl = WeightedRandomSampler([1.0, 1.0, 1.0, 1.0], num_samples=4, replacement=False)
print("no replacement", sorted(no_repl))
data = TensorDataset(torch.arange(16.0).reshape(8, 2), labels)
loader = DataLoader(data, batch_size=3, sampler=sampler)
shapes = [(tuple(xb.shape), tuple(yb.shape)) for xb, yb in loader]
print("loader", len(loader), shapes)
batches = DataLoader(data, batch_sampler=BatchSampler(SequentialSampler(data), 3, False))
print("batch_sampler", [yb.tolist() for _, yb in batches])
