# detach() shares memory and cuts the graph; clone() copies and passes gradients through.
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
d = x.detach()
print(d.requires_grad, d.is_leaf, d.grad_fn is None)
d[0] = 10.0
print(x.tolist())
c = x.clone()
print(c.requires_grad, c.is_leaf, c.grad_fn is not None)
(c * x.detach()).sum().backward()
print(x.grad.tolist())
k = x.clone()
k.add_(5)
print(x.tolist(), k.tolist())
e = x.detach().requires_grad_()
print(e.requires_grad, e.is_leaf)
