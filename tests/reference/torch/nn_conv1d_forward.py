# Conv1d over (N, C, L) sequences with padding='same' and with stride: outputs and weight gradients.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(2)
same = nn.Conv1d(2, 3, kernel_size=3, padding="same")
strided = nn.Conv1d(2, 2, kernel_size=2, stride=2, bias=False)
for layer in (same, strided):
    layer.load_state_dict({k: torch.tensor(rng.uniform(-1, 1, tuple(v.shape)).astype(np.float32))
                           for k, v in layer.state_dict().items()})
x = torch.tensor(rng.standard_normal((2, 2, 6)).astype(np.float32))
a, b = same(x), strided(x)
(a.sum() + (b * b).sum()).backward()
print("same", tuple(a.shape), a.detach().numpy().tolist())
print("strided", tuple(b.shape), b.detach().numpy().tolist())
print("dW same", np.asarray(same.weight.grad).tolist())
print("dW strided", np.asarray(strided.weight.grad).tolist())
