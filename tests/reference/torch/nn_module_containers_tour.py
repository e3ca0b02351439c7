# nn.Module subclasses holding Sequential (with an OrderedDict), ModuleList and ModuleDict: forward
# through them, named_parameters / named_modules / children, indexing, append/extend/insert.
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(OrderedDict([("fc1", nn.Linear(4, 6)), ("act", nn.Tanh())]))
        self.blocks = nn.ModuleList([nn.Linear(6, 6) for _ in range(2)])
        self.heads = nn.ModuleDict({"cls": nn.Linear(6, 3), "reg": nn.Linear(6, 1)})

    def forward(self, x, head="cls"):
        x = self.stem(x)
        for block in self.blocks:
            x = torch.relu(block(x)) + x
        return self.heads[head](x)


net = Net()
rng = np.random.default_rng(1)
with torch.no_grad():
    for p in net.parameters():
        p.copy_(torch.from_numpy(rng.uniform(-0.5, 0.5, tuple(p.shape)).astype(np.float32)))
for name, p in net.named_parameters():
    print(name, tuple(p.shape), p.requires_grad)
print([name for name, _ in net.named_modules()])
print([type(m).__name__ for m in net.children()])
print(net.stem.fc1, net.stem[0] is net.stem.fc1, len(net.blocks), list(net.heads.keys()))
x = torch.from_numpy(rng.normal(size=(2, 4)).astype(np.float32))
print(np.round(net(x).detach().numpy(), 5).tolist())
print(np.round(net(x, head="reg").detach().numpy(), 5).tolist())
net.blocks.append(nn.Identity())
net.blocks.extend([nn.Identity()])
net.blocks.insert(0, nn.Identity())
print(len(net.blocks), [type(b).__name__ for b in net.blocks])
net.heads["extra"] = nn.Linear(6, 2)
print(list(net.heads.keys()), "extra" in net.heads, len(net.heads))
print(sum(p.numel() for p in net.parameters()), sum(p.numel() for p in net.parameters() if p.requires_grad))
seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
print(len(seq), type(seq[-1]).__name__, type(seq[:2]).__name__, len(seq[:2]))
for idx, m in enumerate(seq.modules()):
    print(idx, '->', type(m).__name__)
print(dict(seq.named_children()).keys())
