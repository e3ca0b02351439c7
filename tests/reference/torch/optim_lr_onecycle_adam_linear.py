# OneCycleLR, three phases, linear annealing, cycling Adam's beta1.
import torch

w = torch.tensor([1.0], requires_grad=True)
opt = torch.optim.Adam([w], lr=0.1)
sched = torch.optim.lr_scheduler.OneCycleLR(
    opt, max_lr=0.5, total_steps=12, anneal_strategy="linear", three_phase=True, pct_start=0.25
)
for epoch in range(11):
    w.grad = None
    (w * w).sum().backward()
    opt.step()
    sched.step()
    print(epoch, [round(v, 8) for v in sched.get_last_lr()], round(opt.param_groups[0]["betas"][0], 6))
print("last_epoch", sched.last_epoch)
