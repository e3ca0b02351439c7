# ChainedScheduler composes StepLR and ExponentialLR at each step.
import torch

w = torch.tensor([1.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
a = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)
b = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
sched = torch.optim.lr_scheduler.ChainedScheduler([a, b])
for epoch in range(6):
    w.grad = None
    (w * w).sum().backward()
    opt.step()
    sched.step()
    print(epoch, [round(v, 8) for v in sched.get_last_lr()])
print("last_epoch", sched.last_epoch)
