# random_split by lengths and by fractions: subset sizes, disjoint and complete; Subset and ConcatDataset.
from torch.utils.data import ConcatDataset, Subset, random_split

data = list(range(50, 60))
parts = random_split(data, [7, 3])
print([len(p) for p in parts], [type(p).__name__ for p in parts])
print("complete", sorted(v for p in parts for v in p) == data)
for fractions in ([0.8, 0.2], [0.3, 0.3, 0.4], [0.5, 0.25, 0.25]):
    print(fractions, [len(p) for p in random_split(range(11), fractions)])
sub = Subset(data, [9, 0, 4])
print("subset", len(sub), [sub[i] for i in range(len(sub))])
both = ConcatDataset([data[:3], sub])
print("concat", len(both), [both[i] for i in range(len(both))], both[-1])
try:
    random_split(data, [5, 4])
except ValueError:
    print("lengths that do not add up raise ValueError")
