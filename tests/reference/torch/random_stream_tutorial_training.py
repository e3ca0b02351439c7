# A tutorial as written: torch.manual_seed, random data, default-initialised layers, a shuffled DataLoader,
# SGD; no weights copied in. The same seed gives the same initial weights, batches and losses.
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
x = torch.randn(64, 5)
w_true = torch.rand(5, 1) * 2 - 1
y = x @ w_true + 0.1 * torch.randn(64, 1)
model = nn.Sequential(nn.Linear(5, 8), nn.Tanh(), nn.Linear(8, 1))
print("first weights", [round(v, 5) for v in model[0].weight[0].tolist()])
loader = DataLoader(TensorDataset(x, y), batch_size=16, shuffle=True)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
loss_fn = nn.MSELoss()
for epoch in range(4):
    total = 0.0
    for xb, yb in loader:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item() * len(xb)
    print("epoch", epoch, "loss", round(total / len(x), 6))
first_batch = next(iter(loader))[1][:3, 0].tolist()
print("a batch's first targets", [round(v, 5) for v in first_batch])
