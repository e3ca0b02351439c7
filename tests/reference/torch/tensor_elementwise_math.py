# The elementwise functions, as methods and torch functions.
import torch

x = torch.tensor([[0.5, 1.5, 2.0], [0.1, 3.0, 0.75]])
z = torch.tensor([-1.5, -0.2, 0.0, 0.3, 2.0])
for name in ("exp", "log", "log1p", "expm1", "sqrt", "rsqrt", "reciprocal", "square"):
    print(name, [round(v, 5) for v in getattr(x, name)().flatten().tolist()],
          [round(v, 5) for v in getattr(torch, name)(x).flatten().tolist()])
for name in ("abs", "neg", "sign", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "erf"):
    method = [round(v, 5) for v in getattr(z, name)().tolist()]
    function = [round(v, 5) for v in getattr(torch, name)(z).tolist()]
    print(name, method, function)
ints = torch.tensor([1, 4])
print(str(ints.exp().dtype), str(ints.sqrt().dtype), str(torch.tensor([-1, 2]).abs().dtype))
