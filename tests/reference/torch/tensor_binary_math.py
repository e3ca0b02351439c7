# pow, maximum/minimum, lerp, addcmul, addcdiv, add/sub with alpha, div rounding modes, // and %.
import torch

a = torch.tensor([1.0, -2.0, 3.0, 0.5])
b = torch.tensor([0.5, 1.0, -1.0, 2.0])
print(a.pow(2).tolist(), torch.pow(a, b.abs()).tolist(), (a ** 3).tolist(), (2 ** b).tolist())
print(torch.maximum(a, b).tolist(), torch.minimum(a, b).tolist(), a.maximum(b).tolist())
print(torch.lerp(a, b, 0.25).tolist(), a.lerp(b, torch.tensor([0.0, 0.5, 1.0, 2.0])).tolist())
print(torch.addcmul(a, a, b, value=0.5).tolist(), torch.addcdiv(a, a, b, value=2).tolist())
print(a.add(b, alpha=2).tolist(), torch.sub(a, b, alpha=3).tolist(), torch.mul(a, b).tolist(), torch.div(a, b).tolist())
i = torch.tensor([7, -7, 9])
j = torch.tensor([2, 2, -4])
print((i // j).tolist(), (i % j).tolist(), torch.div(i, j, rounding_mode="floor").tolist(),
      torch.div(i, j, rounding_mode="trunc").tolist(), str(torch.div(i, j).dtype))
print((a % 1.5).tolist(), (a // 1.5).tolist())
