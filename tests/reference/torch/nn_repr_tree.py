# print(model) shows the module tree, with each layer's settings, as PyTorch does.
from collections import OrderedDict

import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(OrderedDict([
            ("conv", nn.Conv2d(1, 4, kernel_size=3, stride=1, padding=1)),
            ("bn", nn.BatchNorm2d(4)),
            ("act", nn.LeakyReLU(0.1)),
            ("pool", nn.MaxPool2d(2)),
        ]))
        self.dropout = nn.Dropout(0.25)
        self.classifier = nn.Linear(4 * 14 * 14, 10)

    def forward(self, x):
        return self.classifier(self.dropout(self.features(x).flatten(1)))


print(Net())
print(nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Softmax(dim=1)))
print(nn.ModuleList([nn.Embedding(10, 3, padding_idx=0), nn.LSTM(3, 5, batch_first=True)]))
