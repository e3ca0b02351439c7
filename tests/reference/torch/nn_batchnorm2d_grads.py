# BatchNorm2d on images: normalized output per channel and the gradients of weight, bias and input.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(6)
bn = nn.BatchNorm2d(2, momentum=0.5)
bn.load_state_dict({"weight": torch.tensor(np.array([1.5, 0.5], dtype=np.float32)),
                    "bias": torch.tensor(np.array([0.1, -0.1], dtype=np.float32))}, strict=False)
x = torch.tensor(rng.standard_normal((3, 2, 2, 2)).astype(np.float32), requires_grad=True)
y = bn(x)
(y * torch.tensor(rng.standard_normal((3, 2, 2, 2)).astype(np.float32))).sum().backward()
print("y", y.detach().numpy().tolist())
print("dweight", np.asarray(bn.weight.grad).tolist(), "dbias", np.asarray(bn.bias.grad).tolist())
print("dx", np.asarray(x.grad).tolist())
print("running", bn.running_mean.tolist(), bn.running_var.tolist())
