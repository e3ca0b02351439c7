# Assigning into a tensor: ints, slices, masks, index lists, broadcast values, tensors of values.
import torch

x = torch.zeros(3, 4)
x[0] = 1.0
x[1, 2] = 5.0
x[2, 1:3] = torch.tensor([7.0, 8.0])
x[:, 3] = torch.tensor([-1.0, -2.0, -3.0])
print(x.tolist())
x[x < 0] = 0.5
x[[0, 2], [0, 0]] = 9.0
print(x.tolist())
x[...] = x * 2
print(x.tolist())
y = torch.arange(6).reshape(2, 3)
y[:, 0] = 100
y[1] += 1
print(y.tolist(), str(y.dtype))
v = y[0]
v[1] = -5
print(y.tolist())
