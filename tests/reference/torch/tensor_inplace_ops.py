# In-place ops modify the tensor itself (and every view of it); they return the tensor.
import torch

x = torch.tensor([1.0, -2.0, 3.0, -4.0])
view = x[1:3]
out = x.add_(1.0)
print(out is x, x.tolist(), view.tolist())
x.mul_(2).sub_(torch.tensor([1.0, 1.0, 1.0, 1.0]), alpha=0.5)
print(x.tolist())
x.div_(2)
x.pow_(2)
print(x.tolist())
x.clamp_(0, 5).neg_()
print(x.tolist())
x.abs_().sqrt_()
print(x.tolist())
x.exp_()
print([round(v, 4) for v in x.tolist()])
x.zero_()
print(x.tolist())
x.fill_(3.5)
print(x.tolist())
x.copy_(torch.tensor([4.0, 3.0, 2.0, 1.0]))
print(x.tolist(), view.tolist())
before = x
x += 1
x -= torch.tensor([0.5, 0.5, 0.5, 0.5])
x *= 2
x /= 4
print(x is before, x.tolist())
i = torch.tensor([1, 2, 3])
i += 2
i *= 3
print(i.tolist(), str(i.dtype))
i.index_fill_(0, torch.tensor([0, 2]), -1)
print(i.tolist())
try:
    i += 0.5
except RuntimeError:
    print("a float result cannot be written into an int64 tensor")
