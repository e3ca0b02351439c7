# A WGAN-GP style gradient penalty: the critic's input gradient, taken with create_graph=True, enters
# the loss, and the optimizer steps on both parts. Also an input-gradient regulariser on a classifier.
# reference: rtol=1e-3 atol=1e-5
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(0)


def copy_in(model):
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.tensor(rng.normal(scale=0.5, size=tuple(p.shape)).astype(np.float32)))


critic = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 1))
copy_in(critic)
opt = torch.optim.Adam(critic.parameters(), lr=1e-2, betas=(0.5, 0.9))
real = torch.tensor(rng.normal(loc=1.0, size=(32, 2)).astype(np.float32))
fake = torch.tensor(rng.normal(loc=-1.0, size=(32, 2)).astype(np.float32))
alpha = torch.tensor(rng.uniform(size=(32, 1)).astype(np.float32))


def gradient_penalty(model, real, fake):
    mixed = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    scores = model(mixed)
    (grads,) = torch.autograd.grad(outputs=scores, inputs=mixed, grad_outputs=torch.ones_like(scores),
                                   create_graph=True, retain_graph=True)
    return ((grads.norm(2, dim=1) - 1) ** 2).mean()


for step in range(6):
    opt.zero_grad()
    wasserstein = critic(fake).mean() - critic(real).mean()
    gp = gradient_penalty(critic, real, fake)
    loss = wasserstein + 10.0 * gp
    loss.backward()
    opt.step()
    print(f"step {step}: w={wasserstein.item():.5f} gp={gp.item():.5f} loss={loss.item():.5f}")
print([round(p.grad.norm().item(), 5) for p in critic.parameters()])

# a classifier trained with a penalty on the input gradient of its cross-entropy (double backprop)
clf = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 3))
copy_in(clf)
sgd = torch.optim.SGD(clf.parameters(), lr=0.1)
x = torch.tensor(rng.normal(size=(24, 2)).astype(np.float32))
y = torch.tensor(rng.integers(0, 3, size=24))
for epoch in range(5):
    xin = x.clone().requires_grad_(True)
    ce = F.cross_entropy(clf(xin), y)
    (gx,) = torch.autograd.grad(ce, xin, create_graph=True)
    total = ce + 0.5 * gx.pow(2).sum(dim=1).mean()
    sgd.zero_grad()
    total.backward()
    sgd.step()
    print(f"epoch {epoch}: ce={ce.item():.5f} total={total.item():.5f}")
with torch.no_grad():
    print("accuracy", clf(x).argmax(dim=1).eq(y).sum().item(), "/", len(y))
