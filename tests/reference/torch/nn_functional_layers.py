# The functional forms of the layers (linear, conv2d, pools, batch_norm, layer_norm, dropout off).
import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(24)
x = torch.tensor(rng.standard_normal((2, 2, 4, 4)).astype(np.float32))
w = torch.tensor(rng.uniform(-0.5, 0.5, (3, 2, 3, 3)).astype(np.float32))
b = torch.tensor(np.array([0.0, 0.1, -0.1], dtype=np.float32))
y = F.conv2d(x, w, b, padding=1)
print("conv", tuple(y.shape), y.detach().numpy()[0, 0].tolist())
print("max", F.max_pool2d(y, 2).detach().numpy().tolist())
print("avg", F.avg_pool2d(y, kernel_size=2, stride=1).detach().numpy()[1].tolist())
print("adaptive", F.adaptive_avg_pool2d(y, (1, 2)).detach().numpy().tolist())
flat = F.adaptive_avg_pool2d(y, 1).reshape(2, 3)
lw = torch.tensor(rng.uniform(-1, 1, (2, 3)).astype(np.float32))
print("linear", F.linear(flat, lw).detach().numpy().tolist())
mean = torch.tensor(np.zeros(3, dtype=np.float32))
var = torch.tensor(np.ones(3, dtype=np.float32))
print("batch_norm eval", F.batch_norm(flat, mean, var).detach().numpy().tolist())
print("batch_norm train", F.batch_norm(flat, mean, var, training=True).detach().numpy().tolist())
print("running", mean.tolist(), var.tolist())
print("layer_norm", F.layer_norm(flat, (3,)).detach().numpy().tolist())
print("dropout off", F.dropout(flat, p=0.9, training=False).detach().numpy().tolist())
