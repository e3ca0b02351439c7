# LR schedulers the way a training loop uses them: scheduler.step() once per epoch after optimizer.step(),
# get_last_lr() and optimizer.param_groups[0]['lr'] read each epoch; ReduceLROnPlateau fed a validation loss.
import torch
import torch.nn as nn
from torch.optim import SGD, lr_scheduler


def run(make, epochs=8, metric=None):
    model = nn.Linear(2, 1)
    opt = SGD(model.parameters(), lr=0.1, momentum=0.9)
    sched = make(opt)
    lrs = []
    for e in range(epochs):
        opt.zero_grad()
        model(torch.ones(1, 2)).sum().backward()
        opt.step()
        if metric is None:
            sched.step()
        else:
            sched.step(metric[e])
        lrs.append(round(opt.param_groups[0]["lr"], 6))
    return lrs, [round(v, 6) for v in sched.get_last_lr()]


print("StepLR", run(lambda o: lr_scheduler.StepLR(o, step_size=3, gamma=0.1)))
print("MultiStepLR", run(lambda o: lr_scheduler.MultiStepLR(o, milestones=[2, 5], gamma=0.5)))
print("ExponentialLR", run(lambda o: lr_scheduler.ExponentialLR(o, gamma=0.9)))
print("CosineAnnealingLR", run(lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=8, eta_min=0.001)))
print("LambdaLR", run(lambda o: lr_scheduler.LambdaLR(o, lr_lambda=lambda epoch: 0.95 ** epoch)))
print("OneCycleLR", run(lambda o: lr_scheduler.OneCycleLR(o, max_lr=1.0, steps_per_epoch=4, epochs=2)))
losses = [1.0, 0.9, 0.91, 0.92, 0.93, 0.5, 0.6, 0.7]
print("ReduceLROnPlateau", run(lambda o: lr_scheduler.ReduceLROnPlateau(o, mode="min", factor=0.5, patience=1),
                               metric=losses))
model = nn.Linear(2, 1)
opt = SGD(model.parameters(), lr=0.1)
warm = lr_scheduler.LinearLR(opt, start_factor=0.25, total_iters=2)
cos = lr_scheduler.CosineAnnealingLR(opt, T_max=4)
seq = lr_scheduler.SequentialLR(opt, schedulers=[warm, cos], milestones=[2])
for _ in range(6):
    opt.step()
    seq.step()
    print(round(seq.get_last_lr()[0], 6), end=" ")
print()
print(sorted(k for k in lr_scheduler.StepLR(SGD(model.parameters(), lr=1.0), 2).state_dict()))
