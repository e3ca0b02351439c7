# nn.LazyLinear: in_features from the first batch, the module becomes a Linear, an optimizer made after a dummy
# forward trains it; weights then set from NumPy so the numbers compare.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(51)
model = nn.Sequential(nn.LazyLinear(4), nn.ReLU(), nn.LazyLinear(2))
print(model)
x = torch.from_numpy(rng.standard_normal((5, 3)).astype(np.float32))
model(x)  # the dummy forward torch asks for before making the optimizer
print(model, [tuple(p.shape) for p in model.parameters()], type(model[0]).__name__)
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.from_numpy(rng.standard_normal(tuple(p.shape)).astype(np.float32) * 0.5))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(3):
    optimizer.zero_grad()
    loss = model(x).pow(2).mean()
    loss.backward()
    optimizer.step()
    print(step, round(loss.item(), 5))
print(list(model.state_dict()))
