# nn.MultiheadAttention (batch_first): attention output, head-averaged weights, an additive key padding mask.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(13)
mha = nn.MultiheadAttention(embed_dim=4, num_heads=2, batch_first=True)
print([(name, tuple(p.shape)) for name, p in mha.named_parameters()])
mha.load_state_dict({k: torch.tensor(rng.uniform(-0.5, 0.5, tuple(v.shape)).astype(np.float32))
                     for k, v in mha.state_dict().items()})
q = torch.tensor(rng.standard_normal((2, 3, 4)).astype(np.float32))
kv = torch.tensor(rng.standard_normal((2, 5, 4)).astype(np.float32))
out, weights = mha(q, kv, kv)
print("out", tuple(out.shape), out.detach().numpy().tolist())
print("weights", tuple(weights.shape), weights.detach().numpy().tolist())
mask = torch.tensor(np.array([[0, 0, 0, -np.inf, -np.inf], [0] * 5], dtype=np.float32))
out, weights = mha(q, kv, kv, key_padding_mask=mask)
print("masked weights", weights.detach().numpy()[0].tolist())
out, none = mha(q, q, q, need_weights=False)
print("no weights", none is None, out.detach().numpy().tolist())
