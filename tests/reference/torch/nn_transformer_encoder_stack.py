# nn.TransformerEncoder: cloned layers start equal, a final norm, is_causal, and (eval, no_grad, batch_first)
# zeros at the padded positions of a key padding mask, as torch's nested tensors give.
import warnings

import numpy as np
import torch
import torch.nn as nn

warnings.simplefilter("ignore")
rng = np.random.default_rng(43)
layer = nn.TransformerEncoderLayer(6, 2, dim_feedforward=10, dropout=0.0, batch_first=True)
encoder = nn.TransformerEncoder(layer, num_layers=3, norm=nn.LayerNorm(6))
print(len(encoder.layers), encoder.num_layers, encoder.use_nested_tensor, encoder.mask_check)
same = all(torch.equal(a, b) for a, b in zip(encoder.layers[0].parameters(), encoder.layers[2].parameters()))
print("clones start equal", same, encoder.layers[0].linear1.weight is encoder.layers[1].linear1.weight)
print([k for k in encoder.state_dict() if k.startswith("layers.1.") or k.startswith("norm")])
encoder.load_state_dict({k: torch.tensor(rng.uniform(-0.5, 0.5, tuple(v.shape)).astype(np.float32))
                         for k, v in encoder.state_dict().items()})
encoder.eval()
src = torch.tensor(rng.standard_normal((2, 5, 6)).astype(np.float32))
mask = nn.Transformer.generate_square_subsequent_mask(5)
print("causal", encoder(src, mask=mask).detach().numpy().round(5).tolist())
print("hinted", encoder(src, mask=mask, is_causal=True).detach().numpy().round(5).tolist())
pad = torch.tensor([[False, False, False, True, True], [False, False, False, False, False]])
with torch.no_grad():
    out = encoder(src, src_key_padding_mask=pad)
print("no_grad padded", out.numpy().round(5).tolist())
print("padded rows are norm(0) = its bias", (out[0, 3:] - encoder.norm.bias).abs().max().item())
out = encoder(src, src_key_padding_mask=pad)
print("with grad padded", out.detach().numpy().round(5).tolist())
unaligned = torch.tensor([[True, False, False, False, False], [False, False, False, False, False]])
with torch.no_grad():
    print("not left aligned", encoder(src, src_key_padding_mask=unaligned).numpy().round(5).tolist())
