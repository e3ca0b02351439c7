# &, |, ^, ~ and logical_and/or/xor/not on bool tensors; bitwise on integers.
import torch

p = torch.tensor([True, True, False, False])
q = torch.tensor([True, False, True, False])
print((p & q).tolist(), (p | q).tolist(), (p ^ q).tolist(), (~p).tolist())
print(torch.logical_and(p, q).tolist(), torch.logical_or(p, q).tolist(), torch.logical_xor(p, q).tolist(),
      torch.logical_not(p).tolist())
x = torch.tensor([0.0, 1.5, -2.0, 0.0])
print(torch.logical_and(x, p).tolist(), x.logical_not().tolist(), str(torch.logical_or(x, q).dtype))
i = torch.tensor([12, 10])
j = torch.tensor([10, 6])
print((i & j).tolist(), (i | j).tolist(), (i ^ j).tolist(), (~i).tolist())
m = (x > -1) & (x < 1)
print(m.tolist(), x[m].tolist())
