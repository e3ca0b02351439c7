# The course's first CNN (USC deck): 3x32x32 -> conv 3x3x12 (padding 1) -> ReLU -> 2x2 max-pool -> FC 10,
# cross-entropy, SGD lr 1e-3, batch 32, as a PyTorch tutorial writes it. Prints the median seconds per epoch.
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 12, 3, padding=1)
        self.fc = nn.Linear(12 * 16 * 16, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv(x)), 2)
        return self.fc(torch.flatten(x, 1))


samples, epochs = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(0)
x = torch.from_numpy(rng.random((samples, 3, 32, 32), dtype=np.float32) - 0.5)
y = torch.from_numpy(rng.integers(0, 10, samples))

torch.manual_seed(0)
model = Net()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()

times = []
for epoch in range(epochs + 1):  # the first epoch warms up and is not timed
    start = time.perf_counter()
    for i in range(0, samples, 32):
        optimizer.zero_grad()
        loss = loss_fn(model(x[i:i + 32]), y[i:i + 32])
        loss.backward()
        optimizer.step()
    if epoch:
        times.append(time.perf_counter() - start)
print(json.dumps({"seconds_per_epoch": float(np.median(times)), "loss": float(loss.item())}))
