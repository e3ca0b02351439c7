# grad_fn as the "Neural Networks" tutorial walks it: the loss's node, then next_functions back to the leaves.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(0)
net = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
with torch.no_grad():
    for p in net.parameters():
        p.copy_(torch.tensor(rng.normal(size=tuple(p.shape)).astype(np.float32)))
x = torch.tensor(rng.normal(size=(5, 4)).astype(np.float32))
target = torch.tensor(rng.normal(size=(5, 2)).astype(np.float32))
loss = nn.MSELoss()(net(x), target)


def walk(node, depth=0):
    name = type(node).__name__
    extra = f" variable{list(node.variable.shape)}" if name == "AccumulateGrad" else ""
    print("  " * depth + name + extra)
    for child, _ in node.next_functions:
        if child is None:
            print("  " * (depth + 1) + "None")
        else:
            walk(child, depth + 1)


walk(loss.grad_fn)
print(loss.grad_fn.name())
print(loss.grad_fn.next_functions[0][0].name())
acc = loss.grad_fn.next_functions[0][0].next_functions[0][0]
print(type(acc).__name__, acc.variable is net[2].bias)

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
exprs = {
    "w * 2": w * 2, "1 - w": 1 - w, "w ** 2": w ** 2, "w.sum()": w.sum(), "w.mean()": w.mean(),
    "w.exp().sum(0)": w.exp().sum(0), "w[0]": w[0], "w[1:]": w[1:], "w.view(3, 1)": w.view(3, 1),
    "w.unsqueeze(0)": w.unsqueeze(0), "torch.stack": torch.stack([w, w]), "torch.cat": torch.cat([w, w]),
    "w.max()": w.max(), "w.clamp(min=1.5)": w.clamp(min=1.5), "w.double()": w.double(),
    "w.norm()": w.norm(), "w.softmax(0)": w.softmax(0), "w @ w": w @ w, "w.tanh()": w.tanh(),
    "F.cross_entropy": F.cross_entropy(w.unsqueeze(0), torch.tensor([2])),
    "F.log_softmax": F.log_softmax(w, 0), "F.relu": F.relu(w - 2),
}
for text, y in exprs.items():
    names = [None if n is None else type(n).__name__ for n, _ in y.grad_fn.next_functions]
    print(f"{text:18s} {type(y.grad_fn).__name__:22s}", names)
print(w * 3)
print(w.grad_fn, (w * 3).detach().grad_fn)
