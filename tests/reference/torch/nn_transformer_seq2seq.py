# nn.Transformer (sequence first): parameter count and keys, generate_square_subsequent_mask, a forward pass
# with all the masks, the gradients of a cross-entropy loss through it; weights from NumPy.
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

warnings.simplefilter("ignore")
rng = np.random.default_rng(44)
model = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=2, dim_feedforward=16)
print("parameters", sum(p.numel() for p in model.parameters()))
print([k for k in model.state_dict() if ".0." in k or k.startswith("encoder.norm") or k.startswith("decoder.norm")])
print(model.d_model, model.nhead, model.batch_first, type(model.encoder).__name__, type(model.decoder).__name__)
w = model.encoder.layers[0].linear1.weight
print("glorot bound holds", bool(w.abs().max() <= (6 / (8 + 16)) ** 0.5))
model.load_state_dict({k: torch.tensor(rng.uniform(-0.4, 0.4, tuple(v.shape)).astype(np.float32))
                       for k, v in model.state_dict().items()})
model.eval()
src = torch.tensor(rng.standard_normal((6, 3, 8)).astype(np.float32))
tgt = torch.tensor(rng.standard_normal((4, 3, 8)).astype(np.float32), requires_grad=True)
tgt_mask = model.generate_square_subsequent_mask(4)
src_pad = torch.tensor([[False] * 6, [False] * 4 + [True] * 2, [False] * 5 + [True]])
out = model(src, tgt, tgt_mask=tgt_mask, src_key_padding_mask=src_pad, memory_key_padding_mask=src_pad)
print("out", tuple(out.shape), out.detach().numpy().round(5).tolist())
labels = torch.tensor(rng.integers(0, 8, (4, 3)))
loss = F.cross_entropy(out.reshape(-1, 8), labels.reshape(-1))
loss.backward()
print("loss", round(loss.item(), 5))
print("tgt grad", tgt.grad.numpy().round(5).tolist())
for name in ["encoder.layers.0.self_attn.in_proj_weight", "decoder.layers.1.multihead_attn.out_proj.weight",
             "decoder.norm.weight", "encoder.norm.bias"]:
    print(name, round(dict(model.named_parameters())[name].grad.abs().sum().item(), 5))
try:
    model(src, torch.zeros(4, 2, 8))
except RuntimeError:
    print("batch mismatch raises")
