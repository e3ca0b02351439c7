# The 60-minute blitz "Neural Networks" page: LeNet with F.max_pool2d(F.relu(conv(x)), (2, 2)),
# torch.flatten(x, 1), list(net.parameters()), net.zero_grad(), out.backward(grad), MSELoss, and the
# manual update and the optim.SGD loop of the page; weights copied in from NumPy.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, input):
        c1 = F.relu(self.conv1(input))
        s2 = F.max_pool2d(c1, (2, 2))
        c3 = F.relu(self.conv2(s2))
        s4 = F.max_pool2d(c3, 2)
        s4 = torch.flatten(s4, 1)
        f5 = F.relu(self.fc1(s4))
        f6 = F.relu(self.fc2(f5))
        output = self.fc3(f6)
        return output


net = Net()
print(net)
params = list(net.parameters())
print(len(params))
print(params[0].size())
rng = np.random.default_rng(3)
for p in net.parameters():
    p.data = torch.from_numpy(rng.normal(0, 0.1, tuple(p.shape)).astype(np.float32))
input = torch.from_numpy(rng.normal(size=(1, 1, 32, 32)).astype(np.float32))
out = net(input)
print(np.round(out.detach().numpy(), 4).tolist())
net.zero_grad()
out.backward(torch.from_numpy(rng.normal(size=(1, 10)).astype(np.float32)))
print(round(net.conv1.bias.grad.sum().item(), 4))
output = net(input)
target = torch.arange(10.0)
target = target.view(1, -1)
criterion = nn.MSELoss()
loss = criterion(output, target)
print(round(loss.item(), 4), loss.grad_fn is not None)
net.zero_grad()
print('conv1.bias.grad before backward')
print(net.conv1.bias.grad)
loss.backward()
print('conv1.bias.grad after backward')
print(np.round(net.conv1.bias.grad.numpy(), 4).tolist())
learning_rate = 0.01
for f in net.parameters():
    f.data.sub_(f.grad.data * learning_rate)
print(round(criterion(net(input), target).item(), 4))
optimizer = optim.SGD(net.parameters(), lr=0.01)
for _ in range(3):
    optimizer.zero_grad()
    output = net(input)
    loss = criterion(output, target)
    loss.backward()
    optimizer.step()
    print(round(loss.item(), 4))
