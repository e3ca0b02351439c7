# ReduceLROnPlateau cuts the rate after patience epochs without improvement, then cools down.
import torch

w = torch.tensor([1.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=1, cooldown=1, min_lr=0.01)
losses = [1.0, 0.9, 0.95, 0.97, 0.96, 0.98, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1]
for epoch, value in enumerate(losses):
    sched.step(value)
    print(epoch, [round(v, 8) for v in sched.get_last_lr()], sched.num_bad_epochs)
print("best", sched.best)
