# A scheduler's state_dict holds last_epoch and base_lrs; a new scheduler loaded from it continues.
import torch

w = torch.tensor([1.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
for _epoch in range(3):
    opt.step()
    sched.step()
sd = sched.state_dict()
print(sd["last_epoch"], sd["base_lrs"], sd["step_size"], sd["gamma"], [round(v, 8) for v in sd["_last_lr"]])
print("initial_lr", opt.param_groups[0]["initial_lr"])
again = torch.optim.lr_scheduler.StepLR(opt, step_size=7, gamma=0.1)
again.load_state_dict(sd)
for _epoch in range(3):
    opt.step()
    again.step()
    print(again.last_epoch, [round(v, 8) for v in again.get_last_lr()])
