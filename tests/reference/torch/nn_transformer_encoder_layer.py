# nn.TransformerEncoderLayer (batch_first, eval): torch's parameter names, outputs with a causal mask and a
# boolean key padding mask, the input's gradient; weights copied in from NumPy through the state dict.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(41)
layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, batch_first=True)
print([(name, tuple(p.shape)) for name, p in layer.named_parameters()])
print("defaults", layer.norm_first, layer.self_attn.batch_first, layer.dropout.p, layer.norm1.eps)
layer.load_state_dict({k: torch.tensor(rng.uniform(-0.5, 0.5, tuple(v.shape)).astype(np.float32))
                       for k, v in layer.state_dict().items()})
layer.eval()
x = torch.tensor(rng.standard_normal((2, 4, 8)).astype(np.float32), requires_grad=True)
out = layer(x)
print("plain", tuple(out.shape), out.detach().numpy().round(5).tolist())
causal = nn.Transformer.generate_square_subsequent_mask(4)
print("causal mask", causal.tolist())
pad = torch.tensor([[False, False, False, True], [False, False, False, False]])
out = layer(x, src_mask=causal, src_key_padding_mask=pad)
print("masked", out.detach().numpy().round(5).tolist())
(out * torch.arange(8.0)).sum().backward()
print("grad", x.grad.numpy().round(5).tolist())
print("in_proj grad", layer.self_attn.in_proj_weight.grad.abs().sum().item())
