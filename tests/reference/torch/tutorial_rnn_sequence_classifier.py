# Sequence classification with nn.GRU / nn.LSTM (batch_first): the last hidden state into a Linear,
# trained a few steps; shapes of outputs and states, and predictions.
# reference: rtol=1e-3 atol=1e-5
import numpy as np
import torch
import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.rnn = cell(input_size=3, hidden_size=8, num_layers=1, batch_first=True)
        self.fc = nn.Linear(8, 2)

    def forward(self, x):
        out, state = self.rnn(x)
        h = state[0] if isinstance(state, tuple) else state
        return self.fc(h[-1]), out


rng = np.random.default_rng(12)
x = torch.tensor(rng.normal(size=(10, 7, 3)).astype(np.float32))
y = torch.tensor((x.numpy()[:, :, 0].sum(axis=1) > 0).astype(np.int64))
for cell in (nn.GRU, nn.LSTM):
    model = Classifier(cell)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.tensor(rng.normal(scale=0.4, size=tuple(p.shape)).astype(np.float32)))
    logits, out = model(x)
    print(cell.__name__, out.shape, logits.shape, [n for n, _ in model.rnn.named_parameters()])
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    for step in range(5):
        opt.zero_grad()
        logits, _ = model(x)
        loss = nn.functional.cross_entropy(logits, y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        print(step, round(loss.item(), 5))
    with torch.no_grad():
        print(model(x)[0].argmax(1).tolist(), y.tolist())
