# CyclicLR goes from base_lr to max_lr and back, momentum the other way.
import torch

w = torch.tensor([1.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
sched = torch.optim.lr_scheduler.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=3, mode="triangular2")
for epoch in range(10):
    w.grad = None
    (w * w).sum().backward()
    opt.step()
    sched.step()
    print(epoch, [round(v, 8) for v in sched.get_last_lr()], round(opt.param_groups[0]["momentum"], 6))
print("last_epoch", sched.last_epoch)
