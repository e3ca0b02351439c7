# A tiny tanh MLP with weights copied in from NumPy, trained full-batch by Adam on a mean squared error.
import numpy as np
import torch

rng = np.random.default_rng(6)
x = torch.tensor(rng.standard_normal((8, 3)).astype("float32"))
y = torch.tensor(rng.standard_normal((8, 1)).astype("float32"))
w1 = torch.tensor((rng.standard_normal((3, 5)) * 0.5).astype("float32"), requires_grad=True)
b1 = torch.tensor(np.zeros(5, dtype="float32"), requires_grad=True)
w2 = torch.tensor((rng.standard_normal((5, 1)) * 0.5).astype("float32"), requires_grad=True)
b2 = torch.tensor(np.zeros(1, dtype="float32"), requires_grad=True)
opt = torch.optim.Adam([w1, b1, w2, b2], lr=0.05)
for step in range(8):
    opt.zero_grad()
    pred = torch.tanh(x @ w1 + b1) @ w2 + b2
    loss = ((pred - y) ** 2).mean()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 5))
print("b2", b2.detach().numpy().round(5).tolist())
print("w2", w2.detach().numpy().round(5).tolist())
