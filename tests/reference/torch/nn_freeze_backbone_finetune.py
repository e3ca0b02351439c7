# Fine-tuning: freeze a pretrained backbone with requires_grad_(False), replace the head, optimize only
# the trainable parameters; the backbone's weights stay as they were, its grads stay None.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(5)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh())
        self.head = nn.Linear(8, 4)

    def forward(self, x):
        return self.head(self.backbone(x))


model = Model()
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.tensor(rng.normal(scale=0.5, size=tuple(p.shape)).astype(np.float32)))
for p in model.backbone.parameters():
    p.requires_grad_(False)
model.head = nn.Linear(8, 2)
with torch.no_grad():
    model.head.weight.copy_(torch.tensor(rng.normal(scale=0.5, size=(2, 8)).astype(np.float32)))
    model.head.bias.fill_(0.1)
before = [p.clone() for p in model.backbone.parameters()]
trainable = [p for p in model.parameters() if p.requires_grad]
print(len(trainable), sum(p.numel() for p in trainable), [n for n, p in model.named_parameters() if p.requires_grad])
opt = torch.optim.Adam(filter(lambda p: p.requires_grad, model.parameters()), lr=0.05)
x = torch.tensor(rng.normal(size=(16, 6)).astype(np.float32))
y = torch.tensor(rng.integers(0, 2, size=16))
for step in range(5):
    opt.zero_grad()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 5))
print(all(torch.equal(a, b) for a, b in zip(before, model.backbone.parameters())))
print([p.grad is None for p in model.backbone.parameters()], model.head.weight.grad.shape)
with torch.no_grad():
    feats = model.backbone(x)
print(feats.requires_grad, model(x).requires_grad)
for p in model.backbone[2].parameters():
    p.requires_grad = True
print([n for n, p in model.named_parameters() if p.requires_grad])
