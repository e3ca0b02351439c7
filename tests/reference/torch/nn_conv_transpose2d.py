# ConvTranspose2d upsampling by stride 2: output size, values and gradients (weight layout (in, out, kh, kw)).
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(3)
up = nn.ConvTranspose2d(2, 1, kernel_size=3, stride=2, padding=1, output_padding=1)
print("weight shape", tuple(up.weight.shape))
up.load_state_dict({"weight": torch.tensor(rng.uniform(-1, 1, (2, 1, 3, 3)).astype(np.float32)),
                    "bias": torch.tensor(np.array([0.25], dtype=np.float32))})
x = torch.tensor(rng.standard_normal((1, 2, 3, 3)).astype(np.float32), requires_grad=True)
y = up(x)
(y * y).mean().backward()
print("y", tuple(y.shape), y.detach().numpy().tolist())
print("dW", np.asarray(up.weight.grad).tolist())
print("dx", np.asarray(x.grad).tolist())
