# A small LSTM sequence classifier: sequences of 20 steps of 16 features, LSTM(16 -> 32, batch_first),
# last hidden state -> Linear(32, 4), cross-entropy, Adam lr 1e-3, batch 32. Prints the median seconds per epoch.
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(16, 32, batch_first=True)
        self.head = nn.Linear(32, 4)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.head(h[-1])


samples, epochs = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(0)
x = torch.from_numpy(rng.standard_normal((samples, 20, 16), dtype=np.float32))
y = torch.from_numpy(rng.integers(0, 4, samples))

torch.manual_seed(0)
model = Classifier()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
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
