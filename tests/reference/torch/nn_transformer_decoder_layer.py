# nn.TransformerDecoderLayer, pre-norm with GELU (sequence first, eval): target causal mask, memory mask,
# float key padding masks; output and both inputs' gradients.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(42)
layer = nn.TransformerDecoderLayer(8, 4, dim_feedforward=12, dropout=0.2, activation="gelu", norm_first=True)
print(list(layer.state_dict()))
layer.load_state_dict({k: torch.tensor(rng.uniform(-0.6, 0.6, tuple(v.shape)).astype(np.float32))
                       for k, v in layer.state_dict().items()})
layer.eval()
tgt = torch.tensor(rng.standard_normal((3, 2, 8)).astype(np.float32), requires_grad=True)
memory = torch.tensor(rng.standard_normal((5, 2, 8)).astype(np.float32), requires_grad=True)
tgt_mask = nn.Transformer.generate_square_subsequent_mask(3)
memory_mask = torch.zeros(3, 5)
memory_mask[0, 3:] = float("-inf")
memory_pad = torch.tensor([[0.0, 0.0, 0.0, 0.0, float("-inf")], [0.0, 0.0, 0.0, 0.0, 0.0]])
out = layer(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask, memory_key_padding_mask=memory_pad)
print("out", tuple(out.shape), out.detach().numpy().round(5).tolist())
out.pow(2).sum().backward()
print("tgt grad", tgt.grad.numpy().round(5).tolist())
print("memory grad", memory.grad.numpy().round(5).tolist())
print("memory grad of padded key", memory.grad[4, 0].abs().max().item())
layer.train()
torch.manual_seed(0)
a, b = layer(tgt, memory), layer(tgt, memory)
print("dropout in training changes the output", bool((a - b).abs().max() > 0))
