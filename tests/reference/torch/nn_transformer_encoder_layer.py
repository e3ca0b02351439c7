# nn.TransformerEncoderLayer forward with fixed weights (eval mode: no dropout), post-norm and pre-norm, masks.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(30)


def fill(module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.tensor(rng.uniform(-0.3, 0.3, tuple(p.shape)).astype(np.float32)))


x = torch.tensor(rng.standard_normal((2, 5, 8)).astype(np.float32))
for norm_first in (False, True):
    layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, dropout=0.1,
                                       batch_first=True, norm_first=norm_first)
    fill(layer)
    layer.eval()
    y = layer(x)
    print("norm_first", norm_first, tuple(y.shape))
    print(" ", y[0].detach().numpy().round(4).tolist())
    causal = nn.Transformer.generate_square_subsequent_mask(5)
    yc = layer(x, src_mask=causal)
    print(" causal", yc[1].detach().numpy().round(4).tolist())
    pad = torch.tensor([[False, False, False, True, True], [False] * 5])
    yp = layer(x, src_key_padding_mask=pad)
    print(" padded", yp[0, :3].detach().numpy().round(4).tolist())
print("mask", nn.Transformer.generate_square_subsequent_mask(3).tolist())
gelu = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, activation="gelu", batch_first=True)
fill(gelu)
enc = nn.TransformerEncoder(gelu, num_layers=2, enable_nested_tensor=False)
fill(enc)
out = enc(x)
out.pow(2).sum().backward()
print("encoder", out[1].detach().numpy().round(4).tolist())
print("grad norm", round(enc.layers[0].linear1.weight.grad.norm().item(), 3))
print(sum(p.numel() for p in enc.parameters()))
