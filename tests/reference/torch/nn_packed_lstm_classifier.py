# A padded-batch text classifier as NLP tutorials write it: Embedding(padding_idx=0), pack_padded_sequence
# (unsorted lengths), LSTM, the last hidden state into a Linear; weights from NumPy, three SGD steps.
import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

rng = np.random.default_rng(4)
tokens = torch.tensor([[5, 3, 8, 0, 0], [2, 7, 1, 4, 6], [9, 1, 0, 0, 0], [4, 4, 2, 8, 0]])
lengths = (tokens != 0).sum(dim=1)
labels = torch.tensor([0, 1, 1, 0])


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(10, 4, padding_idx=0)
        self.lstm = nn.LSTM(4, 6, batch_first=True)
        self.fc = nn.Linear(6, 2)

    def forward(self, x, lengths):
        packed = pack_padded_sequence(self.embedding(x), lengths, batch_first=True, enforce_sorted=False)
        out, (h, c) = self.lstm(packed)
        padded, out_lengths = pad_packed_sequence(out, batch_first=True)
        return self.fc(h[-1]), padded, out_lengths


model = Classifier()
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.from_numpy(rng.standard_normal(tuple(p.shape)).astype(np.float32) * 0.5))
    model.embedding.weight[0] = 0
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
for step in range(3):
    optimizer.zero_grad()
    logits, padded, out_lengths = model(tokens, lengths)
    loss = nn.functional.cross_entropy(logits, labels)
    loss.backward()
    optimizer.step()
    print(step, round(loss.item(), 5))
print(padded.shape, out_lengths.tolist(), np.round(padded[2].detach().numpy(), 5).tolist())
print(np.round(model.fc.weight.grad.numpy(), 5).tolist())
