# The checkpoint recipe: torch.save({'epoch', 'model_state_dict', 'optimizer_state_dict', 'scheduler', 'loss'}),
# then torch.load into a fresh model, optimizer and scheduler and resume: the same losses as an unbroken run.
import io

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

rng = np.random.default_rng(5)
X = torch.from_numpy(rng.normal(size=(16, 3)).astype(np.float32))
Y = torch.from_numpy(rng.normal(size=(16, 1)).astype(np.float32))
W0 = [rng.normal(size=s).astype(np.float32) for s in [(4, 3), (4,), (1, 4), (1,)]]


def make():
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
    with torch.no_grad():
        for p, w in zip(model.parameters(), W0):
            p.copy_(torch.from_numpy(w))
    optimizer = optim.Adam(model.parameters(), lr=0.05)
    scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    return model, optimizer, scheduler


def epoch(model, optimizer, scheduler):
    model.train()
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(X), Y)
    loss.backward()
    optimizer.step()
    scheduler.step()
    return loss.item()


model, optimizer, scheduler = make()
full = [round(epoch(model, optimizer, scheduler), 5) for _ in range(6)]
print("unbroken", full)
model, optimizer, scheduler = make()
first = [round(epoch(model, optimizer, scheduler), 5) for _ in range(3)]
buf = io.BytesIO()
torch.save({"epoch": 3, "model_state_dict": model.state_dict(), "optimizer_state_dict": optimizer.state_dict(),
            "scheduler_state_dict": scheduler.state_dict(), "loss": first[-1]}, buf)
buf.seek(0)
checkpoint = torch.load(buf, weights_only=True)
print(sorted(checkpoint.keys()), checkpoint["epoch"], checkpoint["loss"])
print(list(checkpoint["optimizer_state_dict"].keys()), checkpoint["optimizer_state_dict"]["param_groups"][0]["lr"])
print(sorted(checkpoint["optimizer_state_dict"]["state"][0].keys()), checkpoint["scheduler_state_dict"]["last_epoch"])
model2, optimizer2, scheduler2 = make()
model2.load_state_dict(checkpoint["model_state_dict"])
optimizer2.load_state_dict(checkpoint["optimizer_state_dict"])
scheduler2.load_state_dict(checkpoint["scheduler_state_dict"])
start_epoch = checkpoint["epoch"]
rest = [round(epoch(model2, optimizer2, scheduler2), 5) for _ in range(start_epoch, 6)]
print("resumed", first + rest, first + rest == full, scheduler2.get_last_lr())
model2.eval()
