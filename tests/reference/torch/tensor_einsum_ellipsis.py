# torch.einsum as tutorials use it: matmul, batch matmul, ellipsis, repeated indices (trace, diagonal), outer products.
import numpy as np
import torch

rng = np.random.default_rng(21)
a = torch.tensor(rng.standard_normal((2, 3, 4)).astype(np.float32), requires_grad=True)
b = torch.tensor(rng.standard_normal((2, 4, 5)).astype(np.float32), requires_grad=True)
m = torch.tensor(rng.standard_normal((3, 3)).astype(np.float32), requires_grad=True)
v = torch.tensor(rng.standard_normal(4).astype(np.float32))
print("bmm", torch.einsum("bij,bjk->bik", a, b).detach().numpy().round(5).tolist())
print("ellipsis", torch.einsum("...ij,...jk->...ik", a, b).shape)
print("ellipsis vec", torch.einsum("...j,j->...", a, v).detach().numpy().round(5).tolist())
print("trace", round(torch.einsum("ii", m).item(), 5))
print("diag", torch.einsum("ii->i", m).detach().numpy().round(5).tolist())
print("outer", torch.einsum("i,j->ij", v, v[:2]).numpy().round(5).tolist())
print("sum all", round(torch.einsum("bij->", a).item(), 5))
print("transpose", torch.einsum("bij->bji", a).shape)
print("spaces", torch.einsum("b i j, b j k -> b i k", a, b).shape)
print("list form", torch.einsum("ij,jk", [m, m]).detach().numpy().round(5).tolist())
loss = torch.einsum("bij,bjk->", a, b) + torch.einsum("ii", m) * 2 + torch.einsum("ij,ij->", m, m)
loss.backward()
print("grad a", a.grad.numpy().round(5).tolist())
print("grad b", b.grad.numpy().round(5).tolist())
print("grad m", m.grad.numpy().round(5).tolist())
