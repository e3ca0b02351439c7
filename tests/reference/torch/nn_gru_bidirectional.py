# A bidirectional GRU: both directions' outputs side by side, h_n per direction, weight names with _reverse.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(12)
gru = nn.GRU(3, 2, bidirectional=True)
print([name for name, _ in gru.named_parameters()])
gru.load_state_dict({k: torch.tensor(rng.uniform(-0.7, 0.7, tuple(v.shape)).astype(np.float32))
                     for k, v in gru.state_dict().items()})
x = torch.tensor(rng.standard_normal((4, 1, 3)).astype(np.float32))
out, h_n = gru(x)
print("out", tuple(out.shape), out.detach().numpy().tolist())
print("h_n", tuple(h_n.shape), h_n.detach().numpy().tolist())
(out ** 2).sum().backward()
print("d bias_hh_l0_reverse", np.asarray(gru.bias_hh_l0_reverse.grad).tolist())
print("d weight_ih_l0", np.asarray(gru.weight_ih_l0.grad).tolist())
