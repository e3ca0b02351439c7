# F.normalize, F.cosine_similarity, F.pairwise_distance and F.one_hot.
import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

rng = np.random.default_rng(23)
a = torch.tensor(rng.standard_normal((3, 4)).astype(np.float32), requires_grad=True)
b = torch.tensor(rng.standard_normal((3, 4)).astype(np.float32))
print("normalize", F.normalize(a, dim=1).detach().numpy().tolist())
print("normalize p1 dim0", F.normalize(a, p=1, dim=0).detach().numpy().tolist())
cos = F.cosine_similarity(a, b)
cos.sum().backward()
print("cosine", cos.detach().numpy().tolist())
print("grad", np.asarray(a.grad).tolist())
print("distance", F.pairwise_distance(a, b).detach().numpy().tolist())
labels = next(iter(DataLoader([2, 0, 3, 1], batch_size=4)))
print("one_hot", F.one_hot(labels, num_classes=5).tolist())
print("one_hot auto", F.one_hot(labels).tolist())
