# torch.optim.SGD with its defaults' form: plain steps on a fixed quadratic.
import numpy as np
import torch

rng = np.random.default_rng(15)
w = torch.tensor(rng.standard_normal(4).astype("float32"), requires_grad=True)
target = torch.tensor(rng.standard_normal(4).astype("float32"))
scale = torch.tensor([1.0, 2.0, 3.0, 0.5])
opt = torch.optim.SGD([w], lr=0.05)
for step in range(8):
    opt.zero_grad()
    loss = (scale * (w - target) ** 2).sum()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 5))
print("w", w.detach().numpy().round(6).tolist())
