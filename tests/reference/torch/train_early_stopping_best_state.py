# Early stopping: track the validation loss, keep copy.deepcopy(model.state_dict()) of the best epoch,
# stop after `patience` epochs without improvement, then load the best weights back.
import copy

import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(9)
x = torch.tensor(rng.normal(size=(60, 3)).astype(np.float32))
noise = rng.normal(scale=0.5, size=(60, 1))
y = torch.tensor((x.numpy() @ np.array([[1.0], [-2.0], [0.5]]) + noise).astype(np.float32))
x_train, y_train, x_val, y_val = x[:40], y[:40], x[40:], y[40:]
model = nn.Sequential(nn.Linear(3, 64), nn.ReLU(), nn.Linear(64, 1))
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.tensor(rng.normal(scale=0.5, size=tuple(p.shape)).astype(np.float32)))
opt = torch.optim.Adam(model.parameters(), lr=0.05)
loss_fn = nn.MSELoss()
best_loss, best_state, best_epoch, patience, waited = float("inf"), None, -1, 3, 0
for epoch in range(40):
    model.train()
    opt.zero_grad()
    loss_fn(model(x_train), y_train).backward()
    opt.step()
    model.eval()
    with torch.no_grad():
        val = loss_fn(model(x_val), y_val).item()
    if val < best_loss - 1e-4:
        best_loss, best_epoch, waited = val, epoch, 0
        best_state = copy.deepcopy(model.state_dict())
    else:
        waited += 1
    print(epoch, round(val, 5), waited)
    if waited >= patience:
        print("early stop at", epoch)
        break
model.load_state_dict(best_state)
with torch.no_grad():
    print("best", best_epoch, round(best_loss, 5), round(loss_fn(model(x_val), y_val).item(), 5))
print(best_state["0.weight"] is not model.state_dict()["0.weight"], list(best_state.keys()))
