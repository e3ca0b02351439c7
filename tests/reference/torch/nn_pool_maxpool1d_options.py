# MaxPool1d with dilation, ceil_mode and return_indices inside a small Conv1d net trained a few steps.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
rng = np.random.default_rng(25)
seq = torch.tensor(rng.standard_normal((3, 2, 11)).astype(np.float32))
for pool in [nn.MaxPool1d(3, stride=2, padding=1, dilation=2, ceil_mode=True), nn.MaxPool1d(2, ceil_mode=True),
             nn.MaxPool1d(3, stride=1, padding=1, return_indices=True)]:
    out = pool(seq)
    y, idx = out if isinstance(out, tuple) else (out, None)
    print(pool, tuple(y.shape), np.round(y.numpy()[0], 5).tolist(), None if idx is None else idx[0].tolist())
print("unbatched", F.max_pool1d(seq[0], 2, ceil_mode=True, return_indices=True)[1].tolist())
conv = nn.Conv1d(2, 4, 3)
with torch.no_grad():
    conv.weight.copy_(torch.tensor(rng.standard_normal((4, 2, 3)).astype(np.float32) * 0.3))
    conv.bias.zero_()
head = nn.Linear(4 * 4, 1)
with torch.no_grad():
    head.weight.copy_(torch.tensor(rng.standard_normal((1, 16)).astype(np.float32) * 0.2))
    head.bias.zero_()
pool = nn.MaxPool1d(3, stride=2, padding=1, dilation=2, ceil_mode=True)
opt = torch.optim.SGD(list(conv.parameters()) + list(head.parameters()), lr=0.02)
target = torch.tensor([[1.0], [-1.0], [0.5]])
for step in range(5):
    opt.zero_grad()
    loss = F.mse_loss(head(pool(torch.relu(conv(seq))).flatten(1)), target)
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 6))
