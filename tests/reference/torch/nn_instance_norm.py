# InstanceNorm1d/2d as style-transfer and GAN code uses it: per-sample, per-channel statistics, affine or not,
# running statistics tracked and used in eval mode, gradients through it; weights from NumPy.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(31)
x = torch.from_numpy(rng.standard_normal((2, 3, 4, 5)).astype(np.float32) * 2 + 1).requires_grad_()
plain = nn.InstanceNorm2d(3)
print(plain, list(plain.state_dict()))
y = plain(x)
print(np.round(y[1, 2, 0].detach().numpy(), 5).tolist(), abs(float(y.detach().mean())) < 1e-6)
affine = nn.InstanceNorm2d(3, affine=True, track_running_stats=True)
with torch.no_grad():
    affine.weight.copy_(torch.tensor([1.5, 0.5, -1.0]))
    affine.bias.copy_(torch.tensor([0.1, 0.2, 0.3]))
out = affine(x)
(out * out).sum().backward()
print(np.round(x.grad[0, 1, 1].numpy(), 5).tolist())
print(np.round(affine.running_mean.numpy(), 5).tolist(), np.round(affine.running_var.numpy(), 5).tolist(),
      affine.num_batches_tracked.item())
affine.eval()
print(np.round(affine(x)[0, 0, 0].detach().numpy(), 5).tolist())
seq = torch.from_numpy(rng.standard_normal((2, 4, 6)).astype(np.float32))
print(np.round(nn.InstanceNorm1d(4)(seq)[0, 1].numpy(), 5).tolist(), nn.InstanceNorm1d(4)(seq[0]).shape)
