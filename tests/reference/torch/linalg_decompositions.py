# Cholesky, QR, eigh, SVD: reconstructions, sign-free quantities and gradients through them.
import torch

M = torch.tensor([[2.0, 0.5, -0.3], [0.5, 1.5, 0.2], [-0.3, 0.2, 1.0]], requires_grad=True)
L = torch.linalg.cholesky(M)
print([[round(v, 5) for v in r] for r in L.tolist()])
print([[round(v, 5) for v in r] for r in torch.linalg.cholesky(M, upper=True).tolist()])
w, V = torch.linalg.eigh(M)
print([round(v, 5) for v in w.tolist()], [[round(v, 5) for v in r] for r in (V @ torch.diag(w) @ V.T).tolist()])
print([round(v, 5) for v in torch.linalg.eigvalsh(M).tolist()])
X = torch.tensor([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5], [-2.0, 1.0]], requires_grad=True)
Q, R = torch.linalg.qr(X)
print(Q.shape, R.shape, [[round(v, 5) for v in r] for r in (Q.T @ Q).tolist()],
      [[round(v, 5) for v in r] for r in R.abs().tolist()])
print(torch.linalg.qr(X, mode="complete").Q.shape, torch.linalg.qr(X, mode="r").R.shape)
U, S, Vh = torch.linalg.svd(X, full_matrices=False)
print([round(v, 5) for v in S.tolist()], [[round(v, 5) for v in r] for r in (U * S @ Vh).tolist()])
print(torch.linalg.svd(X).U.shape, [round(v, 5) for v in torch.linalg.svdvals(X).tolist()])
loss = L.sum() + w.pow(2).sum() + torch.linalg.svdvals(X).sum() + (R.abs()).sum() + (Q * Q).sum()
loss.backward()
print([[round(v, 4) for v in r] for r in M.grad.tolist()])
print([[round(v, 4) for v in r] for r in X.grad.tolist()])
