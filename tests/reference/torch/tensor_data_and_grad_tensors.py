# .data and .grad are tensors sharing memory: update parameters through them, zero gradients in place.
import torch

p = torch.tensor([[0.5, -1.0], [2.0, 1.5]], requires_grad=True)
loss = (p * p).sum()
loss.backward()
print(type(p.grad).__name__, type(p.data).__name__, p.data.requires_grad, p.grad.requires_grad)
print(p.grad.tolist(), str(p.grad.dtype), tuple(p.grad.shape))
p.data -= 0.1 * p.grad
print(p.tolist(), p.requires_grad, p.is_leaf)
d = p.data
d[0, 0] = 9.0
print(p[0, 0].item())
p.grad.zero_()
print(p.grad.tolist())
p.grad.data.fill_(2.0)
print(p.grad.tolist())
p.grad = None
print(p.grad is None)
p.grad = torch.ones(2, 2)
print(p.grad.tolist())
p.data = torch.tensor([[1.0, 1.0], [1.0, 1.0]])
print(p.tolist(), p.requires_grad)
