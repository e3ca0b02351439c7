# Gradients flow back through views, permutes, expand, repeat, gather, indexing, cat and stack.
import torch

data = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
weights = torch.arange(1.0, 7.0)
cases = {
    "view": lambda t: (t.view(6) * weights).sum(),
    "permute": lambda t: (t.permute(1, 0).reshape(6) * weights).sum(),
    "transpose": lambda t: (t.transpose(0, 1).flatten() * weights).sum(),
    "expand": lambda t: t[:, :1].expand(2, 4).sum(),
    "repeat": lambda t: (t.repeat(2, 1) * torch.arange(12.0).view(4, 3)).sum(),
    "gather": lambda t: t.gather(1, torch.tensor([[2, 2], [0, 1]])).sum(),
    "index list": lambda t: t[[0, 0, 1], [1, 1, 2]].sum(),
    "mask": lambda t: t[t > 2.5].sum(),
    "cat": lambda t: (torch.cat([t, t * 2], dim=1).flatten()[:6] * weights).sum(),
    "stack": lambda t: torch.stack([t, t.flip(1)]).sum(dim=0)[0].sum(),
    "chunk": lambda t: (t.chunk(3, dim=1)[1] * 5).sum(),
    "unbind": lambda t: (t.unbind(0)[1] ** 2).sum(),
    "roll": lambda t: (t.roll(1, 1).flatten() * weights).sum(),
    "squeeze": lambda t: t.unsqueeze(0).squeeze(0).sum(),
    "index_select": lambda t: t.index_select(1, torch.tensor([0, 0])).sum(),
    "masked_fill": lambda t: t.masked_fill(t > 4, 0.0).sum(),
    "where": lambda t: torch.where(t > 3, t * t, -t).sum(),
    "scatter": lambda t: torch.zeros(2, 4).scatter(1, torch.tensor([[0, 1, 2], [1, 2, 3]]), t).pow(2).sum(),
    "narrow": lambda t: t.narrow(1, 1, 2).sum(),
    "topk": lambda t: t.topk(2, dim=1).values.sum(),
    "sort": lambda t: (t.sort(dim=1, descending=True).values * torch.tensor([1.0, 0.0, 0.0])).sum(),
}
for name, f in cases.items():
    x = torch.tensor(data, requires_grad=True)
    f(x).backward()
    print(name, x.grad.tolist())
