# CyclicLR exp_range with Adam (cycle_momentum=False), step_size_down; CosineAnnealingWarmRestarts with T_mult=1.
import torch

w = torch.tensor([1.0, -1.0], requires_grad=True)
opt = torch.optim.Adam([w], lr=0.01)
sched = torch.optim.lr_scheduler.CyclicLR(opt, base_lr=0.001, max_lr=0.01, step_size_up=2, step_size_down=4,
                                          mode="exp_range", gamma=0.9, cycle_momentum=False)
for step in range(14):
    opt.zero_grad()
    (w ** 2).sum().backward()
    opt.step()
    sched.step()
    print(step, [round(v, 8) for v in sched.get_last_lr()])
print("w", [round(v, 6) for v in w.tolist()])
opt2 = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
warm = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt2, T_0=3)
lrs = []
for _ in range(7):
    opt2.step()
    warm.step()
    lrs.append(round(warm.get_last_lr()[0], 6))
print("warm", lrs, warm.T_cur, warm.T_i)
tri = torch.optim.lr_scheduler.CyclicLR(torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1),
                                        base_lr=0.1, max_lr=1.0, step_size_up=2,
                                        scale_fn=lambda k: 1 / (2.0 ** (k - 1)), scale_mode="cycle")
out = []
for _ in range(8):
    tri.optimizer.step()
    tri.step()
    out.append(round(tri.get_last_lr()[0], 6))
print("scale_fn", out)
