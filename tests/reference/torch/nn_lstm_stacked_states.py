# A two-layer bidirectional LSTM given (h0, c0): the shapes of output, h_n, c_n and their values.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(32)
lstm = nn.LSTM(2, 3, num_layers=2, bidirectional=True)
print([name for name, _ in lstm.named_parameters()])
lstm.load_state_dict({k: torch.tensor(rng.uniform(-0.5, 0.5, tuple(v.shape)).astype(np.float32))
                      for k, v in lstm.state_dict().items()})
x = torch.tensor(rng.standard_normal((4, 2, 2)).astype(np.float32))
h0 = torch.tensor(rng.standard_normal((4, 2, 3)).astype(np.float32))
c0 = torch.tensor(rng.standard_normal((4, 2, 3)).astype(np.float32))
out, (h, c) = lstm(x, (h0, c0))
print(tuple(out.shape), tuple(h.shape), tuple(c.shape))
print("out", out.detach().numpy().tolist())
print("h", h.detach().numpy().tolist())
print("c", c.detach().numpy().tolist())
single = nn.LSTM(2, 3)
single.load_state_dict({k: torch.tensor(rng.uniform(-0.5, 0.5, tuple(v.shape)).astype(np.float32))
                        for k, v in single.state_dict().items()})
out, (h, c) = single(torch.tensor(rng.standard_normal((3, 2)).astype(np.float32)))
print("unbatched", tuple(out.shape), tuple(h.shape), out.detach().numpy().tolist())
