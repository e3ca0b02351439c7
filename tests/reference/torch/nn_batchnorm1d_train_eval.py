# BatchNorm1d: batch statistics in training, running mean/variance (momentum 0.1, unbiased) in eval.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(5)
bn = nn.BatchNorm1d(3)
for step in range(2):
    x = torch.tensor(rng.normal(2.0, 3.0, (8, 3)).astype(np.float32))
    y = bn(x)
    print("train", step, y.detach().numpy()[:2].tolist())
print("running_mean", bn.running_mean.tolist())
print("running_var", bn.running_var.tolist())
print("batches", bn.num_batches_tracked.item())
bn.eval()
x = torch.tensor(rng.normal(2.0, 3.0, (4, 3)).astype(np.float32))
print("eval", bn(x).detach().numpy().tolist())
print("training flag", bn.training)
