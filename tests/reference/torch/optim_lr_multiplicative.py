# MultiplicativeLR multiplies the rate by lambda(epoch) after the first epoch.
import torch

w = torch.tensor([1.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.5)
sched = torch.optim.lr_scheduler.MultiplicativeLR(opt, lr_lambda=lambda e: 0.9 if e % 2 else 0.5)
for epoch in range(6):
    w.grad = None
    (w * w).sum().backward()
    opt.step()
    sched.step()
    print(epoch, [round(v, 8) for v in sched.get_last_lr()])
print("last_epoch", sched.last_epoch)
