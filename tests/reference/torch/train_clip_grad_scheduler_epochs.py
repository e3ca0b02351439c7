# A training loop as tutorials write it: clip_grad_norm_ every step (its returned norm logged), a
# scheduler stepped per epoch, and the learning rate printed per epoch with get_last_lr().
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.default_rng(3)
x = torch.tensor(rng.normal(size=(40, 5)).astype(np.float32))
y = torch.tensor((rng.normal(size=(40, 1)) + x.numpy()[:, :1] * 2).astype(np.float32))
loader = DataLoader(TensorDataset(x, y), batch_size=8, shuffle=False)
model = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 1))
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.tensor(rng.normal(scale=0.4, size=tuple(p.shape)).astype(np.float32)))
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
for epoch in range(6):
    model.train()
    running, norms = 0.0, []
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        norms.append(torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0).item())
        optimizer.step()
        running += loss.item() * xb.size(0)
    scheduler.step()
    print(f"epoch {epoch + 1}: loss {running / len(loader.dataset):.5f} lr {scheduler.get_last_lr()[0]:.5f} "
          f"max grad norm {max(norms):.4f} clipped {sum(n > 1.0 for n in norms)}")
print(optimizer.param_groups[0]["lr"], scheduler.last_epoch, scheduler.state_dict()["step_size"])
