# nn.RNN (tanh, two layers, batch_first): output, h_n and the weight names PyTorch gives them.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(10)
rnn = nn.RNN(3, 4, num_layers=2, batch_first=True)
print([(name, tuple(p.shape)) for name, p in rnn.named_parameters()])
rnn.load_state_dict({k: torch.tensor(rng.uniform(-0.5, 0.5, tuple(v.shape)).astype(np.float32))
                     for k, v in rnn.state_dict().items()})
x = torch.tensor(rng.standard_normal((2, 5, 3)).astype(np.float32))
h0 = torch.tensor(rng.standard_normal((2, 2, 4)).astype(np.float32))
out, h_n = rnn(x, h0)
print("out", tuple(out.shape), out.detach().numpy().tolist())
print("h_n", tuple(h_n.shape), h_n.detach().numpy().tolist())
out.sum().backward()
print("d weight_hh_l1", np.asarray(rnn.weight_hh_l1.grad).tolist())
