# Counting parameters (all and trainable) of common layers, as a model summary does.
import math

import torch.nn as nn

layers = {
    "linear": nn.Linear(784, 128),
    "linear_nobias": nn.Linear(10, 5, bias=False),
    "conv": nn.Conv2d(3, 16, 5),
    "conv1d": nn.Conv1d(4, 6, 3),
    "bn": nn.BatchNorm2d(16),
    "ln": nn.LayerNorm(32),
    "emb": nn.Embedding(1000, 16),
    "lstm": nn.LSTM(16, 32, num_layers=2),
    "gru": nn.GRU(8, 8, bidirectional=True),
    "rnn": nn.RNN(5, 7, bias=False),
    "mha": nn.MultiheadAttention(16, 4),
    "prelu": nn.PReLU(8),
}
for name, layer in layers.items():
    total = sum(math.prod(p.shape) for p in layer.parameters())
    print(name, total, len(list(layer.parameters())))
model = nn.Sequential(nn.Linear(10, 10), nn.ReLU(), nn.Linear(10, 2))
for p in model[0].parameters():
    p.requires_grad_(False)
print("trainable", sum(math.prod(p.shape) for p in model.parameters() if p.requires_grad))
