# A small CNN trained as in the CIFAR/MNIST tutorials: Conv2d, ReLU, MaxPool2d, Dropout, Linear;
# CrossEntropyLoss with SGD+momentum, running loss per epoch, then evaluation under no_grad.
# reference: rtol=1e-3 atol=1e-5
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(4, 8, 3, padding=1)
        self.dropout = nn.Dropout(0.25)
        self.fc1 = nn.Linear(8 * 2 * 2, 16)
        self.fc2 = nn.Linear(16, 3)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = self.dropout(F.relu(self.fc1(x)))
        return self.fc2(x)


rng = np.random.default_rng(8)
images = torch.tensor(rng.normal(size=(24, 1, 10, 10)).astype(np.float32))
labels = torch.tensor(rng.integers(0, 3, size=24))
net = Net()
with torch.no_grad():
    for p in net.parameters():
        p.copy_(torch.tensor(rng.normal(scale=0.3, size=tuple(p.shape)).astype(np.float32)))
print(net)
print(net(images[:2]).shape)
loader = DataLoader(TensorDataset(images, labels), batch_size=6, shuffle=False)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
net.dropout.p = 0.0  # deterministic training (dropout's mask is random)
for epoch in range(4):
    running = 0.0
    for inputs, targets in loader:
        optimizer.zero_grad()
        outputs = net(inputs)
        loss = criterion(outputs, targets)
        loss.backward()
        optimizer.step()
        running += loss.item()
    print(f"[{epoch + 1}] loss: {running / len(loader):.4f}")
net.eval()
correct = total = 0
with torch.no_grad():
    for inputs, targets in loader:
        _, predicted = torch.max(net(inputs).data, 1)
        total += targets.size(0)
        correct += (predicted == targets).sum().item()
print(f"Accuracy: {100 * correct // total} %", correct, total)
