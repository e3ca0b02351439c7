# An optimizer restored with load_state_dict continues exactly where the saved one stopped.
import copy

import numpy as np
import torch

rng = np.random.default_rng(4)
start = rng.standard_normal(4).astype("float32")
target = torch.tensor(rng.standard_normal(4).astype("float32"))


def loss_of(w):
    return ((w - target) ** 2).sum()


w1 = torch.tensor(start, requires_grad=True)
opt1 = torch.optim.RMSprop([w1], lr=0.05, momentum=0.5, centered=True)
for _step in range(6):
    opt1.zero_grad()
    loss_of(w1).backward()
    opt1.step()

w2 = torch.tensor(start, requires_grad=True)
opt2 = torch.optim.RMSprop([w2], lr=0.05, momentum=0.5, centered=True)
for _step in range(3):
    opt2.zero_grad()
    loss_of(w2).backward()
    opt2.step()
saved = copy.deepcopy(opt2.state_dict())
w3 = torch.tensor(w2.detach().numpy().copy(), requires_grad=True)
opt3 = torch.optim.RMSprop([w3], lr=0.5)
opt3.load_state_dict(saved)
print("lr", opt3.param_groups[0]["lr"], "momentum", opt3.param_groups[0]["momentum"])
print("step", opt3.state[w3]["step"].item(), sorted(opt3.state[w3]))
for _step in range(3):
    opt3.zero_grad()
    loss_of(w3).backward()
    opt3.step()
print("uninterrupted", w1.detach().numpy().round(6).tolist())
print("resumed", w3.detach().numpy().round(6).tolist())
