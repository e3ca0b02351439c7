# step(closure) re-evaluates the loss inside the step and returns it.
import numpy as np
import torch

rng = np.random.default_rng(5)
w = torch.tensor(rng.standard_normal(3).astype("float32"), requires_grad=True)
target = torch.tensor([0.5, -1.0, 2.0])
opt = torch.optim.Adagrad([w], lr=0.3)


def closure():
    opt.zero_grad()
    loss = ((w - target) ** 2).sum()
    loss.backward()
    return loss


for step in range(6):
    loss = opt.step(closure)
    print(step, round(loss.item(), 5))
print("w", w.detach().numpy().round(6).tolist())
