# A small CNN classifier (Conv-BN-ReLU-Pool twice, then Linear) with copied weights: logits and loss gradient.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 6, 3)
        self.fc = nn.Linear(6 * 1 * 1, 3)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(x.reshape(x.shape[0], -1))


rng = np.random.default_rng(27)
net = CNN()
net.load_state_dict({k: torch.tensor(rng.uniform(-0.5, 0.5, tuple(p.shape)).astype(np.float32))
                     for k, p in net.named_parameters()}, strict=False)
x = torch.tensor(rng.standard_normal((3, 1, 8, 8)).astype(np.float32))
target = torch.tensor(rng.dirichlet(np.ones(3), 3).astype(np.float32))
logits = net(x)
loss = F.cross_entropy(logits, target)
loss.backward()
print("logits", logits.detach().numpy().tolist())
print("loss", loss.item())
print("conv1 grad", np.asarray(net.conv1.weight.grad)[0].tolist())
print("fc grad", np.asarray(net.fc.weight.grad).tolist())
net.eval()
print("eval logits", net(x).detach().numpy().tolist())
