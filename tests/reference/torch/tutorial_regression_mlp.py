# Fitting y = sin(x) with a small MLP: MSELoss, Adam, the loss every 25 epochs, then predictions
# under no_grad and the final error.
# reference: rtol=1e-3 atol=1e-5
import math

import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(0)
x = torch.linspace(-math.pi, math.pi, 64).unsqueeze(1)
y = torch.sin(x) + torch.tensor(rng.normal(scale=0.05, size=(64, 1)).astype(np.float32))
model = nn.Sequential(nn.Linear(1, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1))
with torch.no_grad():
    for name, p in model.named_parameters():
        scale = 0.0 if name.endswith("bias") else 1.0 / math.sqrt(p.shape[1])
        p.copy_(torch.tensor(rng.normal(scale=scale, size=tuple(p.shape)).astype(np.float32)))
loss_fn = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(1, 151):
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    if epoch % 25 == 0:
        print(f"epoch {epoch:3d} loss {loss.item():.6f}")
with torch.no_grad():
    test = torch.tensor([[-2.0], [0.0], [1.0], [2.5]])
    pred = model(test)
print(pred.squeeze(1))
print(torch.sin(test).squeeze(1))
print(round((pred - torch.sin(test)).abs().max().item(), 3) < 0.2)
