# A tiny sequence classifier: Embedding + TransformerEncoder (batch_first, dropout 0) + mean pooling + Linear,
# trained with SGD on fixed data (are there more 1s than 2s in the sequence?); prints the losses.
# reference: rtol=1e-3 atol=1e-4
import warnings

import numpy as np
import torch
import torch.nn as nn

warnings.simplefilter("ignore")
rng = np.random.default_rng(45)
tokens = rng.integers(0, 5, (32, 7))
labels = ((tokens == 1).sum(1) > (tokens == 2).sum(1)).astype(np.int64)
X, Y = torch.tensor(tokens), torch.tensor(labels)
print("positives", int(labels.sum()))


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(5, 8)
        self.pos = nn.Parameter(torch.zeros(7, 8))
        layer = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2)
        self.head = nn.Linear(8, 2)

    def forward(self, x):
        h = self.encoder(self.embed(x) + self.pos)
        return self.head(h.mean(dim=1))


model = Classifier()
state = {k: torch.tensor(rng.uniform(-0.3, 0.3, tuple(v.shape)).astype(np.float32))
         for k, v in model.state_dict().items() if ".norm" not in k}
print(model.load_state_dict(state, strict=False).missing_keys[:2])  # the LayerNorms keep their ones and zeros
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(15):
    for i in range(0, 32, 8):
        opt.zero_grad()
        loss = loss_fn(model(X[i:i + 8]), Y[i:i + 8])
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        logits = model(X)
        full = loss_fn(logits, Y).item()
        acc = (logits.argmax(1) == Y).float().mean().item()
    model.train()
    print(epoch, round(loss.item(), 4), round(full, 4), round(acc, 4))
