# register_hook on leaves and intermediates: hooks see the gradient and may replace it; handles remove them.
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
seen = []
h1 = x.register_hook(lambda g: seen.append(g.tolist()))
y = x * x
y.register_hook(lambda g: g * 10)
(y.sum() + x.sum()).backward()
print(seen, x.grad.tolist())
h1.remove()
x.grad = None
h2 = x.register_hook(lambda g: g + 1)
(x * 2).sum().backward()
print(seen, x.grad.tolist())
h2.remove()
x.grad.zero_()
(x * 2).sum().backward()
print(x.grad.tolist())
try:
    torch.tensor([1.0]).register_hook(lambda g: g)
except RuntimeError:
    print("no hook on a tensor that does not require grad")
