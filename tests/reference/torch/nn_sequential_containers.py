# Sequential (indexing, slicing, len, append, OrderedDict names), ModuleList and ModuleDict.
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn

seq = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 3))
print(len(seq), type(seq[0]).__name__, type(seq[-1]).__name__, type(seq[1:]).__name__, len(seq[1:]))
seq.append(nn.Softmax(dim=1))
print([name for name, _ in seq.named_children()])
named = nn.Sequential(OrderedDict([("fc", nn.Linear(2, 2)), ("act", nn.Tanh())]))
print(list(named.state_dict().keys()), type(named.fc).__name__)
layers = nn.ModuleList([nn.Linear(3, 3) for _ in range(2)])
layers.append(nn.Linear(3, 1))
print(len(layers), [name for name, _ in layers.named_parameters()])
heads = nn.ModuleDict({"cls": nn.Linear(3, 5), "reg": nn.Linear(3, 1)})
print(list(heads.keys()), "cls" in heads, [name for name, _ in heads.named_parameters()])
x = torch.tensor(np.ones((1, 2), dtype=np.float32))
seq.load_state_dict({k: torch.tensor(np.full(tuple(v.shape), 0.1, dtype=np.float32))
                     for k, v in seq.state_dict().items()})
print("output", seq(x).detach().numpy().tolist())
print(seq)
