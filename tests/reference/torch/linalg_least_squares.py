# Least squares as in regression notebooks: lstsq, pinv, matrix_rank, plus cross and multi_dot.
import torch

X = torch.tensor([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0], [1.0, 4.0]])
y = torch.tensor([[1.1], [2.9], [5.2], [7.1], [8.8]])
sol = torch.linalg.lstsq(X, y)
print([[round(v, 5) for v in r] for r in sol.solution.tolist()], sol.rank.item(), sol.residuals.shape,
      sol.singular_values.shape)
full = torch.linalg.lstsq(X, y, driver="gelsd")
print([round(v, 4) for v in full.residuals.tolist()], [round(v, 4) for v in full.singular_values.tolist()])
print([[round(v, 5) for v in r] for r in torch.linalg.pinv(X).tolist()])
print(torch.linalg.matrix_rank(X).item(), torch.linalg.matrix_rank(torch.tensor([[1.0, 2.0], [2.0, 4.0]])).item())
deficient = torch.tensor([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [0.0, 1.0, 1.0]])
print([[round(v, 5) for v in r] for r in torch.linalg.pinv(deficient).tolist()])
w = torch.zeros(2, 1, requires_grad=True)
with torch.no_grad():
    w.copy_(sol.solution)
((X @ w - y) ** 2).mean().backward()
print([round(v, 4) for v in w.grad.flatten().tolist()])
A = torch.tensor([[1.0, 2.0], [0.5, -1.0]], requires_grad=True)
P = torch.linalg.pinv(torch.cat([A, A * 2.0 + 1.0]))
P.sum().backward()
print([[round(v, 4) for v in r] for r in A.grad.tolist()])
a = torch.tensor([[1.0, 0.0, 0.0], [0.0, 2.0, 1.0]])
b = torch.tensor([[0.0, 1.0, 0.0], [1.0, 1.0, 1.0]])
print(torch.linalg.cross(a, b).tolist())
print(torch.linalg.multi_dot([torch.ones(3), torch.eye(3) * 2, torch.arange(3.0)]).item(),
      torch.linalg.multi_dot([torch.ones(2, 3), torch.ones(3, 4), torch.ones(4, 1)]).tolist())
print(torch.linalg.matrix_power(torch.tensor([[1.0, 1.0], [0.0, 1.0]]), 5).tolist())
