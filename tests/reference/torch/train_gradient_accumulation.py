# Gradient accumulation: 4 micro-batches with loss / 4 give the same step as one batch of the whole.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(2)
X = torch.tensor(rng.standard_normal((32, 5)).astype(np.float32))
Y = torch.tensor(rng.integers(0, 3, 32))


def make():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(5, 8), nn.Tanh(), nn.Linear(8, 3))
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.tensor(rng_init.uniform(-0.5, 0.5, tuple(p.shape)).astype(np.float32)))
    return model


rng_init = np.random.default_rng(7)
full = make()
rng_init = np.random.default_rng(7)
accum = make()
loss_fn = nn.CrossEntropyLoss()
opt_full = torch.optim.SGD(full.parameters(), lr=0.5, momentum=0.9)
opt_acc = torch.optim.SGD(accum.parameters(), lr=0.5, momentum=0.9)
steps = 4
for epoch in range(3):
    opt_full.zero_grad()
    loss_full = loss_fn(full(X), Y)
    loss_full.backward()
    opt_full.step()
    opt_acc.zero_grad()
    running = 0.0
    for i, (xb, yb) in enumerate(zip(X.chunk(steps), Y.chunk(steps))):
        loss = loss_fn(accum(xb), yb) / steps
        loss.backward()
        running += loss.item()
        if (i + 1) % steps == 0:
            opt_acc.step()
            opt_acc.zero_grad()
    print(epoch, round(loss_full.item(), 5), round(running, 5))
diff = max((a - b).abs().max().item() for a, b in zip(full.parameters(), accum.parameters()))
print("same weights", diff < 1e-5)
print("weights", full[2].weight.detach().numpy().round(4).tolist())
