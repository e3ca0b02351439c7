# torch.compile (a Module comes back wrapped, state_dict keys under _orig_mod.), the matmul-precision and
# determinism switches, and gradients through tensordot, nan_to_num and scaled_dot_product_attention.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(0)
print(torch.get_float32_matmul_precision())
torch.set_float32_matmul_precision("high")
print(torch.get_float32_matmul_precision())
torch.use_deterministic_algorithms(True)
print(torch.are_deterministic_algorithms_enabled())


@torch.compile
def double(t):
    return t * 2


print(double(torch.ones(2)).tolist())
cm = torch.compile(nn.Linear(2, 3))
print(type(cm).__name__, list(cm.state_dict()), cm.weight.shape, type(cm._orig_mod).__name__)
print(cm)
t = torch.from_numpy(rng.standard_normal((2, 3, 4))).requires_grad_()
s = torch.from_numpy(rng.standard_normal((4, 3, 5))).requires_grad_()
torch.tensordot(t, s, dims=([1, 2], [1, 0])).pow(2).sum().backward()
print(np.round(t.grad.numpy()[0], 5).tolist())
z = torch.tensor([1.0, float("nan"), 2.0], requires_grad=True)
(torch.nan_to_num(z) * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print(z.grad.tolist())
q = torch.from_numpy(rng.standard_normal((2, 3, 4, 8))).requires_grad_()
k = torch.from_numpy(rng.standard_normal((2, 3, 5, 8))).requires_grad_()
v = torch.from_numpy(rng.standard_normal((2, 3, 5, 6)))
mask = torch.from_numpy(rng.random((4, 5)) > 0.3)
out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
(out * out).sum().backward()
print(np.round(q.grad[0, 0].numpy(), 5).tolist())
print(np.round(k.grad[1, 2].numpy(), 5).tolist())
torch.use_deterministic_algorithms(False)  # the corpus runs in one process: leave torch's switches as found
torch.set_float32_matmul_precision("highest")
print(torch.are_deterministic_algorithms_enabled(), torch.get_float32_matmul_precision())
