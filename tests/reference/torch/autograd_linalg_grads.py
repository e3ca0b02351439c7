# Gradients of matmul, mm, bmm, einsum, outer, dot, trace, diag, tril.
import torch

A = [[1.0, 2.0], [-0.5, 3.0], [0.25, 1.5]]
B = [[2.0, -1.0, 0.5], [1.0, 0.0, -2.0]]
a = torch.tensor(A, requires_grad=True)
b = torch.tensor(B, requires_grad=True)
(a @ b).pow(2).sum().backward()
print(a.grad.tolist(), b.grad.tolist())
a.grad = None
b.grad = None
torch.einsum("ij,jk->ik", a, b).tanh().sum().backward()
print([[round(v, 5) for v in r] for r in a.grad.tolist()])
a.grad = None
torch.einsum("ij->", a * a).backward()
print(a.grad.tolist())
p = torch.arange(12.0).reshape(2, 3, 2).requires_grad_()
q = torch.ones(2, 2, 2, requires_grad=True)
torch.bmm(p, q).sum().backward()
print(p.grad.tolist(), q.grad.tolist())
u = torch.tensor([1.0, 2.0], requires_grad=True)
w = torch.tensor([3.0, -1.0], requires_grad=True)
(torch.outer(u, w).sum() + u.dot(w)).backward()
print(u.grad.tolist(), w.grad.tolist())
m = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
(m.trace() + m.diag().pow(2).sum() + m.tril().sum() * 2 + m.triu(1).sum()).backward()
print(m.grad.tolist())
