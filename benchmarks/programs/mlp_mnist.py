# The MNIST MLP (784-200-10, tanh, cross-entropy, SGD lr 1e-3, batch 32, no L2), written as a
# PyTorch tutorial writes it. Prints the median seconds per epoch.
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn

samples, epochs = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(0)
x = torch.from_numpy(rng.random((samples, 784), dtype=np.float32) - 0.5)
y = torch.from_numpy(rng.integers(0, 10, samples))

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(784, 200), nn.Tanh(), nn.Linear(200, 10))
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
