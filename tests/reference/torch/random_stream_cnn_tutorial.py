# The shape of PyTorch's CIFAR-10 tutorial network with its default initialisation, seeded random images,
# SGD with momentum for a few steps: no weights copied in, torch's numbers because the stream is torch's.
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


torch.manual_seed(0)
net = Net()
images = torch.randn(16, 3, 32, 32)
labels = torch.randint(0, 10, (16,))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
print("parameters", sum(p.numel() for p in net.parameters()), "first bias", round(net.conv1.bias[0].item(), 6))
for step in range(5):
    optimizer.zero_grad()
    loss = criterion(net(images), labels)
    loss.backward()
    optimizer.step()
    print("step", step, "loss", round(loss.item(), 5))
print("predictions", net(images[:6]).argmax(1).tolist())
