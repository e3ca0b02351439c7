# Everyday tensor idioms from tutorials: reshaping, joining and splitting, gather/scatter_, index_select,
# masked_fill, where, topk, sort/argsort, cumsum, clamp, einsum, bmm/baddbmm/addmm, outer, diag, tril/triu,
# one_hot and argmax with keepdim.
import torch
import torch.nn.functional as F

x = torch.arange(24).view(2, 3, 4)
print(x.reshape(6, -1).shape, x.permute(2, 0, 1).shape, x.transpose(0, 1).contiguous().view(3, 8).shape)
print(x.unsqueeze(0).shape, x[:, :1].squeeze(1).shape, x.flatten(1).shape, x.view(-1).shape)
print(torch.tensor([1, 2]).unsqueeze(1).expand(2, 3).tolist(), torch.tensor([1, 2]).repeat(2, 2).tolist())
a, b = torch.ones(2, 2), torch.zeros(2, 2)
print(torch.cat((a, b), dim=1).shape, torch.stack([a, b]).shape, torch.stack([a, b], dim=-1).shape)
print([c.shape for c in torch.arange(10).chunk(3)], [s.tolist() for s in torch.arange(7).split([2, 5])])
print([s.shape for s in torch.arange(12).view(3, 4).split(3, dim=1)])
src = torch.tensor([[10, 11, 12], [20, 21, 22]])
print(torch.gather(src, 1, torch.tensor([[2, 0], [1, 1]])).tolist())
z = torch.zeros(2, 4).scatter_(1, torch.tensor([[0, 3], [1, 2]]), 1.0)
print(z.tolist())
print(torch.zeros(3, 5).scatter_(0, torch.tensor([[0, 1, 2, 0, 1]]), torch.ones(1, 5) * 7).tolist())
print(src.index_select(1, torch.tensor([2, 0])).tolist(), src.index_select(0, torch.tensor([1])).tolist())
scores = torch.tensor([[0.5, 2.0, -1.0], [1.5, 0.1, 3.0]])
mask = torch.tensor([[True, False, False], [False, False, True]])
print(scores.masked_fill(mask, float("-inf")).tolist(), scores.masked_fill(~mask, 0).tolist())
print(torch.where(scores > 1, scores, torch.zeros_like(scores)).tolist(), torch.where(scores > 1))
v, i = scores.topk(2, dim=1)
print(v.tolist(), i.tolist(), torch.topk(scores.flatten(), 3, largest=False).indices.tolist())
sv, si = torch.sort(scores, dim=1, descending=True)
print(sv.tolist(), si.tolist(), scores.argsort(dim=0).tolist(), scores.flatten().argsort(descending=True).tolist())
print(torch.arange(1, 6).cumsum(0).tolist(), scores.cumsum(dim=1).tolist(), scores.clamp(min=0.2, max=1.6).tolist())
A = torch.arange(6.).view(2, 3)
B = torch.arange(12.).view(3, 4)
print(torch.einsum("ij,jk->ik", A, B).tolist(), torch.einsum("ij->j", A).tolist(),
      torch.einsum("ii", torch.eye(3)).item())
bA, bB = torch.arange(12.).view(2, 2, 3), torch.arange(12.).view(2, 3, 2)
print(torch.bmm(bA, bB).tolist(), torch.baddbmm(torch.ones(2, 2, 2), bA, bB, beta=0.5, alpha=2).tolist())
print(torch.addmm(torch.ones(2, 4), A, B).tolist(),
      torch.outer(torch.tensor([1., 2.]), torch.tensor([3., 4., 5.])).tolist())
print(torch.diag(torch.tensor([1, 2, 3])).tolist(), torch.diag(torch.arange(9).view(3, 3)).tolist(),
      torch.diag(torch.arange(9).view(3, 3), 1).tolist())
print(torch.tril(torch.ones(3, 3)).tolist(), torch.triu(torch.ones(3, 3), diagonal=1).tolist())
print(F.one_hot(torch.tensor([0, 2, 1])).tolist(), F.one_hot(torch.tensor([1, 0]), num_classes=4).tolist(),
      F.one_hot(torch.tensor([1])).dtype)
print(scores.argmax(dim=1, keepdim=True).tolist(), scores.argmax().item(), scores.argmax(0).tolist(),
      scores.max(dim=1, keepdim=True).values.shape)
print((x @ torch.ones(4, dtype=torch.long)).tolist(), x.sum(dim=(0, 2)).tolist(), x.float().mean(-1).tolist())
print(torch.arange(6).view(2, 3).t().tolist(), torch.arange(6).view(2, 3).T.shape, x.size(), x.size(-1), x.dim())
print(x.numel(), x.ndim, x.stride(), x.is_contiguous(), x.transpose(1, 2).is_contiguous())
