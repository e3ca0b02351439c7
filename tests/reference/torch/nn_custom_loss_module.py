# Custom losses written as nn.Module subclasses (focal loss, a weighted smooth-L1, a contrastive loss):
# their values, gradients, and a few optimizer steps with one of them.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class FocalLoss(nn.Module):
    def __init__(self, gamma=2.0, reduction="mean"):
        super().__init__()
        self.gamma, self.reduction = gamma, reduction

    def forward(self, logits, target):
        logp = F.log_softmax(logits, dim=1)
        logp_t = logp.gather(1, target.unsqueeze(1)).squeeze(1)
        loss = -((1 - logp_t.exp()) ** self.gamma) * logp_t
        return loss.mean() if self.reduction == "mean" else loss.sum()


class WeightedSmoothL1(nn.Module):
    def __init__(self, weights):
        super().__init__()
        self.register_buffer("weights", weights)

    def forward(self, pred, target):
        return (F.smooth_l1_loss(pred, target, reduction="none") * self.weights).sum(dim=1).mean()


class Contrastive(nn.Module):
    def __init__(self, margin=1.0):
        super().__init__()
        self.margin = margin

    def forward(self, a, b, same):
        d = F.pairwise_distance(a, b)
        return torch.mean(same * d.pow(2) + (1 - same) * torch.clamp(self.margin - d, min=0).pow(2))


rng = np.random.default_rng(4)
logits = torch.tensor(rng.normal(size=(6, 3)).astype(np.float32), requires_grad=True)
target = torch.tensor([0, 2, 1, 1, 0, 2])
focal = FocalLoss()
loss = focal(logits, target)
loss.backward()
print(round(loss.item(), 6), FocalLoss(gamma=0.0)(logits, target).item(), F.cross_entropy(logits, target).item())
print(logits.grad)
pred = torch.tensor(rng.normal(size=(4, 2)).astype(np.float32), requires_grad=True)
crit = WeightedSmoothL1(torch.tensor([1.0, 3.0]))
value = crit(pred, torch.zeros(4, 2))
value.backward()
print(value.item(), pred.grad, list(crit.state_dict().keys()))
a = torch.tensor(rng.normal(size=(5, 3)).astype(np.float32), requires_grad=True)
b = torch.tensor(rng.normal(size=(5, 3)).astype(np.float32))
same = torch.tensor([1.0, 0.0, 1.0, 0.0, 0.0])
c = Contrastive(margin=2.0)(a, b, same)
c.backward()
print(round(c.item(), 6), a.grad.abs().sum().item())
model = nn.Linear(3, 3)
with torch.no_grad():
    model.weight.copy_(torch.tensor(rng.normal(scale=0.5, size=(3, 3)).astype(np.float32)))
    model.bias.zero_()
opt = torch.optim.SGD(model.parameters(), lr=0.3)
x = torch.tensor(rng.normal(size=(6, 3)).astype(np.float32))
for step in range(4):
    opt.zero_grad()
    l = focal(model(x), target)
    l.backward()
    opt.step()
    print(step, round(l.item(), 6))
print(focal)
