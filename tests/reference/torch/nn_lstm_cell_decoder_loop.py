# nn.LSTMCell / nn.GRUCell / nn.RNNCell stepped by hand, as in seq2seq decoders: the state carried
# across a Python loop, teacher forcing, per-step losses, and the gradients of the cell's weights.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(13)


def copy_in(module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.tensor(rng.normal(scale=0.4, size=tuple(p.shape)).astype(np.float32)))


cell = nn.LSTMCell(input_size=3, hidden_size=5)
head = nn.Linear(5, 3)
copy_in(cell)
copy_in(head)
print(cell, [(n, list(p.shape)) for n, p in cell.named_parameters()])
targets = torch.tensor(rng.normal(size=(6, 2, 3)).astype(np.float32))
opt = torch.optim.Adam(list(cell.parameters()) + list(head.parameters()), lr=0.01)
for epoch in range(3):
    h, c = torch.zeros(2, 5), torch.zeros(2, 5)
    inp = torch.zeros(2, 3)
    loss = 0.0
    for t in range(targets.shape[0]):
        h, c = cell(inp, (h, c))
        pred = head(h)
        loss = loss + F.mse_loss(pred, targets[t])
        inp = targets[t]  # teacher forcing
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(epoch, round(loss.item(), 5), round(cell.weight_hh.grad.norm().item(), 5))

gru = nn.GRUCell(3, 4)
rnn = nn.RNNCell(3, 4, nonlinearity="relu")
copy_in(gru)
copy_in(rnn)
x = torch.tensor(rng.normal(size=(4, 3)).astype(np.float32))
hg = hr = None
for _ in range(3):
    hg = gru(x, hg)
    hr = rnn(x, hr)
print(hg, hr)
print(gru(x[0]).shape, cell(x[0])[1].shape, gru, rnn)
