# Save a checkpoint dict (model, optimizer, scheduler, epoch) mid-training, load it and resume: same result.
import io

import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(4)
X = torch.tensor(rng.standard_normal((40, 3)).astype(np.float32))
Y = X @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.3


def build():
    model = nn.Sequential(nn.Linear(3, 6), nn.ReLU(), nn.Linear(6, 1))
    with torch.no_grad():
        init = np.random.default_rng(11)
        for p in model.parameters():
            p.copy_(torch.tensor(init.uniform(-0.5, 0.5, tuple(p.shape)).astype(np.float32)))
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    return model, opt, sched


def train(model, opt, sched, epochs):
    for _ in range(epochs):
        for xb, yb in zip(X.split(10), Y.split(10)):
            opt.zero_grad()
            loss = nn.functional.mse_loss(model(xb), yb)
            loss.backward()
            opt.step()
        sched.step()
    return loss.item()


model, opt, sched = build()
print("straight", round(train(model, opt, sched, 6), 6))
reference = [p.detach().clone() for p in model.parameters()]
model, opt, sched = build()
print("first half", round(train(model, opt, sched, 3), 6))
buffer = io.BytesIO()
torch.save({"epoch": 3, "model": model.state_dict(), "optimizer": opt.state_dict(),
            "scheduler": sched.state_dict()}, buffer)
buffer.seek(0)
ckpt = torch.load(buffer)
print("keys", sorted(ckpt), ckpt["epoch"], sorted(ckpt["optimizer"]))
model2, opt2, sched2 = build()
model2.load_state_dict(ckpt["model"])
opt2.load_state_dict(ckpt["optimizer"])
sched2.load_state_dict(ckpt["scheduler"])
print("lr after load", sched2.get_last_lr(), opt2.param_groups[0]["lr"])
print("step count", int(opt2.state_dict()["state"][0]["step"]))
print("second half", round(train(model2, opt2, sched2, 3), 6))
same = all(torch.allclose(a, b, atol=1e-6) for a, b in zip(reference, model2.parameters()))
print("resumed equals straight", same)
