# A map-style Dataset subclass feeding a Linear model: per-batch MSE losses and accumulated gradients.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset


class Line(Dataset):
    def __init__(self, n):
        rng = np.random.default_rng(29)
        self.x = rng.uniform(-1, 1, (n, 2)).astype(np.float32)
        self.y = (self.x @ np.array([[2.0], [-1.0]], dtype=np.float32) + 0.5).astype(np.float32)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return torch.tensor(self.x[i]), torch.tensor(self.y[i])


model = nn.Linear(2, 1)
model.load_state_dict({"weight": torch.tensor(np.array([[0.1, 0.2]], dtype=np.float32)),
                       "bias": torch.tensor(np.array([0.0], dtype=np.float32))})
loss_fn = nn.MSELoss()
for i, (xb, yb) in enumerate(DataLoader(Line(10), batch_size=4)):
    loss = loss_fn(model(xb), yb)
    loss.backward()
    print(i, tuple(xb.shape), tuple(yb.shape), loss.item())
print("weight grad", np.asarray(model.weight.grad).tolist(), "bias grad", np.asarray(model.bias.grad).tolist())
