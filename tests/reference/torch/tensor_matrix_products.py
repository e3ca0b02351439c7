# mm, bmm, matmul (@, broadcasting batches, vectors), outer, dot and einsum.
import torch

a = torch.tensor([[1.0, 2.0], [3.0, 4.0], [0.5, -1.0]])
b = torch.tensor([[2.0, 0.0, 1.0], [1.0, -1.0, 0.5]])
print(torch.mm(a, b).tolist(), a.mm(b).tolist(), (a @ b).tolist())
batch = torch.arange(12.0).reshape(2, 3, 2)
other = torch.arange(8.0).reshape(2, 2, 2)
print(torch.bmm(batch, other).tolist())
print(tuple(torch.matmul(batch, b).shape), torch.matmul(a, torch.tensor([1.0, 1.0])).tolist())
print(torch.matmul(torch.tensor([1.0, 2.0, 3.0]), a).tolist())
u = torch.tensor([1.0, 2.0, 3.0])
w = torch.tensor([0.5, -1.0, 2.0])
print(torch.outer(u, w).tolist(), u.dot(w).item(), torch.dot(u, w).item())
print(torch.einsum("ij,jk->ik", a, b).tolist(), torch.einsum("bij,bjk->bik", batch, other)[1].tolist())
print(torch.einsum("i,i->", u, w).item(), torch.einsum("ij->j", a).tolist(), torch.einsum("ij->ji", a).tolist())
print(torch.einsum("i,j->ij", u, w).tolist(), torch.einsum("ij,ij->i", a, a).tolist())
try:
    torch.mm(a, a)
except RuntimeError:
    print("mm of misaligned shapes refused")
