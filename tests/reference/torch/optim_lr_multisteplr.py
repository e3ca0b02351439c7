# MultiStepLR decays at each milestone, twice at a repeated one.
import torch

w = torch.tensor([1.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[2, 5, 5, 8], gamma=0.5)
for epoch in range(10):
    w.grad = None
    (w * w).sum().backward()
    opt.step()
    sched.step()
    print(epoch, [round(v, 8) for v in sched.get_last_lr()])
print("last_epoch", sched.last_epoch)
