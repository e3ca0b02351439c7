# CrossEntropyLoss with class weights, ignore_index, label_smoothing and probability targets.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader

rng = np.random.default_rng(19)
samples = [(rng.normal(0, 1.5, 3).astype(np.float32), int(c)) for c in [2, 0, 1, 1, 0, 2]]
x, labels = next(iter(DataLoader(samples, batch_size=6)))
weight = torch.tensor(np.array([0.2, 1.0, 3.0], dtype=np.float32))
settings = {
    "weight": dict(weight=weight),
    "ignore_1": dict(ignore_index=1),
    "smoothing": dict(label_smoothing=0.1),
    "all": dict(weight=weight, ignore_index=0, label_smoothing=0.2, reduction="sum"),
}
for name, kwargs in settings.items():
    logits = torch.tensor(x.detach().numpy(), requires_grad=True)
    loss = nn.CrossEntropyLoss(**kwargs)(logits, labels)
    loss.backward()
    print(name, loss.item(), np.asarray(logits.grad).tolist())
probs = torch.tensor(rng.dirichlet(np.ones(3), 6).astype(np.float32))
logits = torch.tensor(x.detach().numpy(), requires_grad=True)
loss = nn.CrossEntropyLoss()(logits, probs)
loss.backward()
print("soft", loss.item(), np.asarray(logits.grad).tolist())
