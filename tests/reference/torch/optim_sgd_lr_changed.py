# Changing param_groups[0]["lr"] between steps takes effect at the next step (momentum keeps its buffer).
import numpy as np
import torch

rng = np.random.default_rng(7)
w = torch.tensor(rng.standard_normal(3).astype("float32"), requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
for step in range(6):
    if step == 3:
        for group in opt.param_groups:
            group["lr"] = 0.01
    opt.zero_grad()
    loss = (w * w).sum()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 6), opt.param_groups[0]["lr"])
print("buffer", opt.state[w]["momentum_buffer"].numpy().round(6).tolist())
print("w", w.detach().numpy().round(6).tolist())
