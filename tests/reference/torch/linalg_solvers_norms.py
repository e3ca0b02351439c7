# torch.linalg norms, inverse, determinants and solvers, batched, with gradients.
import torch

A = torch.tensor([[[4.0, 1.0, 0.5], [1.0, 3.0, -1.0], [0.5, -1.0, 2.0]],
                  [[2.0, -0.5, 0.0], [0.3, 1.5, 0.2], [0.0, 0.4, 1.0]]], requires_grad=True)
b = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.0, 1.0]], requires_grad=True)
x = torch.linalg.solve(A, b)
print([[round(v, 5) for v in r] for r in x.tolist()])
print([round(v, 5) for v in torch.linalg.det(A).tolist()])
sign, logabsdet = torch.linalg.slogdet(A)
print(sign.tolist(), [round(v, 5) for v in logabsdet.tolist()])
inv = torch.linalg.inv(A)
print([[round(v, 5) for v in r] for r in (inv @ A)[0].tolist()])
v = torch.tensor([3.0, -4.0, 0.0, 1.0])
print(round(torch.linalg.norm(v).item(), 5), torch.linalg.vector_norm(v, 1).item(),
      torch.linalg.vector_norm(v, float("inf")).item(),
      torch.linalg.vector_norm(v, 0).item())
for ord in ["fro", "nuc", 2, -2, 1, -1, float("inf")]:
    print(ord, [round(n, 4) for n in torch.linalg.matrix_norm(A, ord).tolist()])
print(torch.linalg.norm(A, dim=(1, 2), keepdim=True).shape, torch.linalg.norm(A, dim=2).shape)
loss = x.pow(2).sum() + torch.linalg.det(A).sum() + logabsdet.sum() + torch.linalg.matrix_norm(A, "nuc").sum()
loss = loss + torch.linalg.inv(A).sum() + torch.linalg.vector_norm(b, 3, dim=-1).sum()
loss.backward()
print([[round(v, 4) for v in r] for r in A.grad[0].tolist()])
print([[round(v, 4) for v in r] for r in b.grad.tolist()])
right = torch.linalg.solve(A.detach(), torch.ones(2, 2, 3), left=False)
print([[round(v, 5) for v in r] for r in right[1].tolist()])
