# XNOR (P2 Ej6): 2-2-1 tanh network, MSE, full batch of the four patterns, SGD lr 0.5 with weight
# decay, 200 epochs per run, as a PyTorch tutorial writes it. Prints the median seconds per run.
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn

runs = int(sys.argv[2])
x = torch.tensor([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
y = torch.tensor([[1.0], [-1.0], [-1.0], [1.0]])

times = []
for run in range(runs + 1):  # the first run warms up and is not timed
    torch.manual_seed(run)
    model = nn.Sequential(nn.Linear(2, 2), nn.Tanh(), nn.Linear(2, 1), nn.Tanh())
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5, weight_decay=0.01)
    loss_fn = nn.MSELoss()
    start = time.perf_counter()
    for _epoch in range(200):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    if run:
        times.append(time.perf_counter() - start)
print(json.dumps({"seconds_per_epoch": float(np.median(times)), "loss": float(loss.item())}))
