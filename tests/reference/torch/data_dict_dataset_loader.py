# A custom Dataset whose __getitem__ returns a dict: the default collate stacks each key, nested
# lists and strings included; training reads batch["features"], batch["label"].
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset


class Records(Dataset):
    def __init__(self, n):
        rng = np.random.default_rng(7)
        self.features = rng.normal(size=(n, 4)).astype(np.float32)
        self.labels = (self.features.sum(axis=1) > 0).astype(np.int64)
        self.names = [f"item{i}" for i in range(n)]

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        return {"features": torch.from_numpy(self.features[idx]), "label": int(self.labels[idx]),
                "name": self.names[idx], "meta": {"index": idx, "weight": 1.0 + idx / 10}}


ds = Records(10)
print(len(ds), sorted(ds[3].keys()), ds[3]["features"].shape, ds[3]["label"], ds[3]["name"])
loader = DataLoader(ds, batch_size=4, shuffle=False)
batch = next(iter(loader))
print(sorted(batch.keys()), batch["features"].shape, batch["features"].dtype, batch["label"], batch["label"].dtype)
print(batch["name"], batch["meta"]["index"], batch["meta"]["weight"])
print([len(b["label"]) for b in loader])

model = nn.Linear(4, 2)
with torch.no_grad():
    model.weight.copy_(torch.tensor([[0.1, -0.2, 0.3, 0.0], [-0.1, 0.2, 0.1, 0.4]]))
    model.bias.zero_()
opt = torch.optim.SGD(model.parameters(), lr=0.5)
for epoch in range(3):
    total = 0.0
    for batch in loader:
        opt.zero_grad()
        loss = F.cross_entropy(model(batch["features"]), batch["label"])
        loss.backward()
        opt.step()
        total += loss.item()
    print(epoch, round(total, 5))
