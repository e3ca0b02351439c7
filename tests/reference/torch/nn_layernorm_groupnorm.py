# LayerNorm over the last dimensions and GroupNorm over channel groups: outputs and gradients.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(7)
ln = nn.LayerNorm((2, 3))
gn = nn.GroupNorm(2, 4)
ln.load_state_dict({"weight": torch.tensor(rng.uniform(0.5, 1.5, (2, 3)).astype(np.float32)),
                    "bias": torch.tensor(rng.uniform(-0.5, 0.5, (2, 3)).astype(np.float32))})
gn.load_state_dict({"weight": torch.tensor(rng.uniform(0.5, 1.5, 4).astype(np.float32)),
                    "bias": torch.tensor(rng.uniform(-0.5, 0.5, 4).astype(np.float32))})
a = torch.tensor(rng.standard_normal((2, 2, 3)).astype(np.float32), requires_grad=True)
b = torch.tensor(rng.standard_normal((2, 4, 3)).astype(np.float32), requires_grad=True)
ya, yb = ln(a), gn(b)
((ya * ya * ya).sum() + (yb * yb * yb).sum()).backward()
print("layernorm", ya.detach().numpy().tolist())
print("groupnorm", yb.detach().numpy().tolist())
print("d ln weight", np.asarray(ln.weight.grad).tolist())
print("d gn bias", np.asarray(gn.bias.grad).tolist())
print("da", np.asarray(a.grad).tolist())
print("db", np.asarray(b.grad).tolist())
