# tensordot, rot90, nan_to_num, F.scaled_dot_product_attention (plain, causal, boolean and float masks, scale),
# the padding modules and CosineSimilarity / PairwiseDistance, on fixed NumPy inputs.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(0)
a = torch.from_numpy(rng.standard_normal((2, 3, 4)))
b = torch.from_numpy(rng.standard_normal((4, 3, 5)))
print(np.round(torch.tensordot(a, b, dims=([1, 2], [1, 0])).numpy(), 6).tolist())
print(torch.tensordot(a, torch.from_numpy(rng.standard_normal((3, 4, 2))), dims=2).shape)
m = torch.arange(6.0).reshape(2, 3)
print(torch.rot90(m).tolist(), torch.rot90(m, 2).tolist())
print(torch.rot90(m, -1).tolist(), torch.rot90(m, 1, [1, 0]).tolist())
x = torch.tensor([1.0, float("nan"), float("inf"), -float("inf")])
print(torch.nan_to_num(x).tolist(), torch.nan_to_num(x, nan=0.5, posinf=9.0).tolist())
q = torch.from_numpy(rng.standard_normal((2, 3, 4, 8)))
k = torch.from_numpy(rng.standard_normal((2, 3, 5, 8)))
v = torch.from_numpy(rng.standard_normal((2, 3, 5, 6)))
print(np.round(F.scaled_dot_product_attention(q, k, v)[1, 2].numpy(), 6).tolist())
qq = torch.from_numpy(rng.standard_normal((2, 3, 5, 8)))
print(np.round(F.scaled_dot_product_attention(qq, k, v, is_causal=True)[0, 1].numpy(), 6).tolist())
mask = torch.from_numpy(rng.random((4, 5)) > 0.3)
print(np.round(F.scaled_dot_product_attention(q, k, v, attn_mask=mask, scale=0.5)[0, 0].numpy(), 6).tolist())
fmask = torch.from_numpy(rng.standard_normal((4, 5)))
print(np.round(F.scaled_dot_product_attention(q, k, v, attn_mask=fmask)[1, 1].numpy(), 6).tolist())
img = torch.from_numpy(rng.standard_normal((1, 2, 3, 4)))
for layer in (nn.ZeroPad2d(1), nn.ConstantPad2d((1, 0, 2, 1), 3.5), nn.ReflectionPad2d(1),
              nn.ReplicationPad2d((2, 0, 0, 1)), nn.ReflectionPad1d(2), nn.ZeroPad1d((0, 3))):
    y = layer(img if "2d" in type(layer).__name__ else img[0])
    print(layer, tuple(y.shape), round(float(y.sum()), 6))
u, w = torch.from_numpy(rng.standard_normal((3, 4))), torch.from_numpy(rng.standard_normal((3, 4)))
print(np.round(nn.CosineSimilarity(dim=1)(u, w).numpy(), 6).tolist())
print(np.round(nn.PairwiseDistance(keepdim=True)(u, w).numpy(), 6).tolist())
