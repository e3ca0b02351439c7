# MultiMarginLoss (the multi-class SVM hinge) and CosineEmbeddingLoss, with gradients.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader

rng = np.random.default_rng(22)
samples = [(rng.standard_normal(4).astype(np.float32), int(c)) for c in [0, 2, 3]]
x, y = next(iter(DataLoader(samples, batch_size=3)))
scores = torch.tensor(x.detach().numpy(), requires_grad=True)
loss = nn.MultiMarginLoss()(scores, y)
loss.backward()
print("hinge", loss.item(), np.asarray(scores.grad).tolist())
print("squared", nn.MultiMarginLoss(p=2, margin=0.5)(scores, y).item())
a = torch.tensor(rng.standard_normal((3, 5)).astype(np.float32), requires_grad=True)
b = torch.tensor(rng.standard_normal((3, 5)).astype(np.float32))
flag = torch.tensor(np.array([1.0, -1.0, 1.0], dtype=np.float32))
cos_loss = nn.CosineEmbeddingLoss(margin=0.1)(a, b, flag)
cos_loss.backward()
print("cosine", cos_loss.item(), np.asarray(a.grad).tolist())
