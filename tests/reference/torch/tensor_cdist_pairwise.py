# torch.cdist for p=1, 2, inf and batched inputs, F.pairwise_distance, and the gradient of a distance loss.
import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(14)
a = torch.tensor(rng.standard_normal((4, 3)).astype(np.float32), requires_grad=True)
b = torch.tensor(rng.standard_normal((5, 3)).astype(np.float32), requires_grad=True)
for p in (1.0, 2.0, 3.0, float("inf")):
    print("p", p, torch.cdist(a, b, p=p).detach().numpy().round(5).tolist())
batched = torch.cdist(a.unsqueeze(0).repeat(2, 1, 1), b.unsqueeze(0).repeat(2, 1, 1))
print("batched", tuple(batched.shape))
d = torch.cdist(a, b)
nearest = d.argmin(dim=1)
print("nearest", nearest.tolist())
d.sum().backward()
print("grad a", a.grad.numpy().round(5).tolist())
print("grad b", b.grad.numpy().round(5).tolist())
x, y = a.detach()[:3], b.detach()[:3]
print("pairwise", F.pairwise_distance(x, y).numpy().round(5).tolist())
print("pairwise p1 keepdim", F.pairwise_distance(x, y, p=1, keepdim=True).numpy().round(5).tolist())
print("self", torch.cdist(x, x).numpy().round(4).tolist())
