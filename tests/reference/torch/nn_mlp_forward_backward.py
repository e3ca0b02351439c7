# An MLP (Sequential of Linear/ReLU) with weights loaded from NumPy: outputs, cross-entropy loss and gradients.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader

rng = np.random.default_rng(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
state = {name: torch.tensor(rng.uniform(-0.5, 0.5, tuple(p.shape)).astype(np.float32))
         for name, p in model.named_parameters()}
model.load_state_dict(state)

samples = [(rng.standard_normal(4).astype(np.float32), int(c)) for c in [0, 2, 1, 1, 0, 2]]
x, y = next(iter(DataLoader(samples, batch_size=6)))
logits = model(x)
loss = nn.CrossEntropyLoss()(logits, y)
loss.backward()
print("logits", tuple(logits.shape), logits.detach().numpy().tolist())
print("loss", loss.item())
for name, p in model.named_parameters():
    print(name, tuple(p.shape), np.asarray(p.grad).tolist())
