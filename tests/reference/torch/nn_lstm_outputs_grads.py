# nn.LSTM: (output, (h_n, c_n)) with torch's gate order (i, f, g, o), and gradients through time.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(11)
lstm = nn.LSTM(input_size=2, hidden_size=3, batch_first=True)
lstm.load_state_dict({k: torch.tensor(rng.uniform(-0.6, 0.6, tuple(v.shape)).astype(np.float32))
                      for k, v in lstm.state_dict().items()})
x = torch.tensor(rng.standard_normal((2, 4, 2)).astype(np.float32), requires_grad=True)
out, (h, c) = lstm(x)
print("out", tuple(out.shape), out.detach().numpy().tolist())
print("h", tuple(h.shape), h.detach().numpy().tolist())
print("c", tuple(c.shape), c.detach().numpy().tolist())
loss = (out[:, -1] ** 2).sum() + c.sum()
loss.backward()
for name, p in lstm.named_parameters():
    print(name, np.asarray(p.grad).tolist())
print("dx", np.asarray(x.grad).tolist())
