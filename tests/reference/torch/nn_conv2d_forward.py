# Conv2d with stride, padding and bias on NCHW images: output, and the gradients of weight, bias and input.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(1)
conv = nn.Conv2d(2, 3, kernel_size=3, stride=2, padding=1)
conv.load_state_dict({
    "weight": torch.tensor(rng.uniform(-0.5, 0.5, (3, 2, 3, 3)).astype(np.float32)),
    "bias": torch.tensor(np.array([0.1, -0.2, 0.3], dtype=np.float32)),
})
x = torch.tensor(rng.standard_normal((2, 2, 5, 5)).astype(np.float32), requires_grad=True)
y = conv(x)
(y * y).sum().backward()
print("y", tuple(y.shape), y.detach().numpy().tolist())
print("dW", np.asarray(conv.weight.grad).tolist())
print("db", np.asarray(conv.bias.grad).tolist())
print("dx", np.asarray(x.grad)[0, 0].tolist())
