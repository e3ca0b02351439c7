# A WGAN-GP style gradient penalty on a tiny convolutional critic (Conv2d -> ReLU -> pooling -> Linear):
# the input gradient, taken with create_graph=True, flows back through the convolution and the
# pooling into the critic's weights; a few training steps with max pooling, one with average pooling.
# reference: rtol=1e-3 atol=1e-5
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(0)


def copy_in(model):
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.tensor(rng.normal(scale=0.4, size=tuple(p.shape)).astype(np.float32)))


def critic(pool):
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), pool, nn.Flatten(), nn.Linear(4 * 4 * 4, 1))


real = torch.tensor(rng.normal(loc=0.5, size=(8, 1, 8, 8)).astype(np.float32))
fake = torch.tensor(rng.normal(loc=-0.5, size=(8, 1, 8, 8)).astype(np.float32))
alpha = torch.tensor(rng.uniform(size=(8, 1, 1, 1)).astype(np.float32))


def gradient_penalty(model):
    mixed = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    scores = model(mixed)
    (grads,) = torch.autograd.grad(scores, mixed, grad_outputs=torch.ones_like(scores), create_graph=True)
    print("input gradient", tuple(grads.shape), grads.requires_grad, grads.grad_fn is not None)
    return ((grads.flatten(1).norm(2, dim=1) - 1) ** 2).mean()


model = critic(nn.MaxPool2d(2))
copy_in(model)
opt = torch.optim.Adam(model.parameters(), lr=1e-2, betas=(0.5, 0.9))
for step in range(3):
    opt.zero_grad()
    wasserstein = model(fake).mean() - model(real).mean()
    gp = gradient_penalty(model)
    loss = wasserstein + 10.0 * gp
    loss.backward()
    print(f"step {step}: w={wasserstein.item():.5f} gp={gp.item():.5f} loss={loss.item():.5f}")
    print("conv weight grad", [round(v, 5) for v in model[0].weight.grad.flatten()[:6].tolist()])
    opt.step()
print([round(p.grad.norm().item(), 5) for p in model.parameters()])

avg = critic(nn.AvgPool2d(2))
copy_in(avg)
gp = gradient_penalty(avg)
gp.backward()
print(f"avg pool gp={gp.item():.5f}")
print("conv bias grad", [round(v, 5) for v in avg[0].bias.grad.tolist()])
print("linear weight grad", [round(v, 5) for v in avg[4].weight.grad.flatten()[:5].tolist()])
