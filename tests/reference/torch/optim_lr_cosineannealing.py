# CosineAnnealingLR's recursive form, past T_max and back up.
import torch

w = torch.tensor([1.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=4, eta_min=0.01)
for epoch in range(12):
    w.grad = None
    (w * w).sum().backward()
    opt.step()
    sched.step()
    print(epoch, [round(v, 8) for v in sched.get_last_lr()])
print("last_epoch", sched.last_epoch)
