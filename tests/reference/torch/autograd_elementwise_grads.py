# Gradients of the elementwise functions, compared with their derivatives.
import torch

base = [0.3, 0.9, 1.7, 2.4]
for name in ("exp", "log", "log1p", "expm1", "sqrt", "rsqrt", "abs", "sin", "cos", "tan", "tanh", "sigmoid",
             "relu", "reciprocal", "square", "erf", "floor", "round", "frac", "neg"):
    x = torch.tensor(base, requires_grad=True)
    getattr(x, name)().sum().backward()
    print(name, [round(v, 5) for v in x.grad.tolist()])
x = torch.tensor([-1.5, 0.5, 2.5], requires_grad=True)
(x.clamp(-1, 1) * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print("clamp", x.grad.tolist())
a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = torch.tensor([2.0, 1.0, 0.5], requires_grad=True)
(a.pow(b) + torch.maximum(a, b) + torch.lerp(a, b, 0.25) + torch.addcmul(a, a, b, value=0.5)
 + torch.addcdiv(a, b, a, value=2)).sum().backward()
print("binary", [round(v, 5) for v in a.grad.tolist()], [round(v, 5) for v in b.grad.tolist()])
