# Cross-entropy of per-pixel logits (N, C, H, W) against (N, H, W) class maps, as in segmentation.
import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

rng = np.random.default_rng(20)
maps = rng.integers(0, 3, (2, 2, 3))
target = next(iter(DataLoader(maps, batch_size=2)))
logits = torch.tensor(rng.standard_normal((2, 3, 2, 3)).astype(np.float32), requires_grad=True)
loss = F.cross_entropy(logits, target)
loss.backward()
print("target", tuple(target.shape), target.tolist())
print("loss", loss.item())
print("none", F.cross_entropy(logits, target, reduction="none").detach().numpy().tolist())
print("grad", np.asarray(logits.grad).tolist())
