# Variable-length sequences: a collate_fn that pads with pad_sequence and returns a dict with lengths
# and a mask; a masked mean-pooling model trained on the batches.
import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader, Dataset


class Sequences(Dataset):
    def __init__(self):
        rng = np.random.default_rng(6)
        self.items = [(torch.tensor(rng.integers(1, 20, size=n)), int(n % 2)) for n in (3, 5, 2, 6, 4, 1, 5)]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]


def collate(batch):
    seqs, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in seqs])
    padded = pad_sequence(seqs, batch_first=True, padding_value=0)
    mask = torch.arange(padded.size(1)).unsqueeze(0) < lengths.unsqueeze(1)
    return {"tokens": padded, "lengths": lengths, "mask": mask, "labels": torch.tensor(labels)}


loader = DataLoader(Sequences(), batch_size=3, collate_fn=collate)
for batch in loader:
    print(batch["tokens"].tolist(), batch["lengths"].tolist(), batch["mask"].sum(1).tolist(), batch["labels"].tolist())


class Pooler(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(20, 4, padding_idx=0)
        self.out = nn.Linear(4, 2)

    def forward(self, tokens, mask):
        e = self.emb(tokens) * mask.unsqueeze(-1)
        return self.out(e.sum(1) / mask.sum(1, keepdim=True))


rng = np.random.default_rng(1)
model = Pooler()
with torch.no_grad():
    model.emb.weight.copy_(torch.tensor(rng.normal(size=(20, 4)).astype(np.float32)))
    model.emb.weight[0].zero_()
    model.out.weight.copy_(torch.tensor(rng.normal(size=(2, 4)).astype(np.float32)))
    model.out.bias.zero_()
opt = torch.optim.SGD(model.parameters(), lr=0.2)
for epoch in range(3):
    total = 0.0
    for batch in loader:
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(batch["tokens"], batch["mask"]), batch["labels"])
        loss.backward()
        opt.step()
        total += loss.item()
    print(epoch, round(total, 5), model.emb.weight.grad[0].abs().sum().item())
