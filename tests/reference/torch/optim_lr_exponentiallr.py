# ExponentialLR multiplies the rate by gamma every epoch.
import torch

w = torch.tensor([1.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.2)
sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.8)
for epoch in range(8):
    w.grad = None
    (w * w).sum().backward()
    opt.step()
    sched.step()
    print(epoch, [round(v, 8) for v in sched.get_last_lr()])
print("last_epoch", sched.last_epoch)
