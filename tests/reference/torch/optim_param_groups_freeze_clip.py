# Parameter groups with their own lr, editing param_groups in the loop (manual decay), freezing a layer
# with requires_grad_(False) and passing only trainable parameters, clip_grad_norm_ / clip_grad_value_.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(11)
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.from_numpy(rng.normal(size=tuple(p.shape)).astype(np.float32)))
x = torch.from_numpy(rng.normal(size=(5, 3)).astype(np.float32))
y = torch.from_numpy(rng.integers(0, 2, 5))
opt = torch.optim.SGD([{"params": model[0].parameters()}, {"params": model[2].parameters(), "lr": 0.01}],
                      lr=0.1, momentum=0.9)
print([g["lr"] for g in opt.param_groups], [len(g["params"]) for g in opt.param_groups],
      opt.param_groups[1]["momentum"])
for step in range(3):
    opt.zero_grad()
    loss = nn.CrossEntropyLoss()(model(x), y)
    loss.backward()
    total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    opt.step()
    for g in opt.param_groups:
        g["lr"] *= 0.5
    print(step, round(loss.item(), 5), round(total.item(), 5), [round(g["lr"], 4) for g in opt.param_groups])
print(round(torch.cat([p.grad.flatten() for p in model.parameters()]).norm().item(), 5))
model[0].requires_grad_(False)
print([n for n, p in model.named_parameters() if p.requires_grad])
opt2 = torch.optim.Adam(filter(lambda p: p.requires_grad, model.parameters()), lr=1e-2)
print(len(opt2.param_groups[0]["params"]))
model.zero_grad()
before = model[0].weight.clone()
loss = nn.CrossEntropyLoss()(model(x), y)
loss.backward()
nn.utils.clip_grad_value_(model.parameters(), clip_value=0.05)
print(model[0].weight.grad, float(model[2].weight.grad.abs().max()) <= 0.05)
opt2.step()
print(torch.equal(before, model[0].weight), np.round(model[2].bias.detach().numpy(), 5).tolist())
norm = nn.utils.clip_grad_norm_([p for p in model.parameters() if p.grad is not None], 0.01, norm_type=2.0)
print(round(norm.item(), 5), round(torch.cat([model[2].weight.grad.flatten(), model[2].bias.grad]).norm().item(), 5))
