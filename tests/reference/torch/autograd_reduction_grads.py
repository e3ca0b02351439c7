# Gradients through std, var, logsumexp, norm, prod, cumsum, cumprod, max(dim), amax, softmax.
import torch

data = [[0.5, 1.5, -1.0], [2.0, 0.25, 1.0]]
cases = {
    "std": lambda t: t.std(),
    "var dim": lambda t: t.var(dim=1, unbiased=False).sum(),
    "logsumexp": lambda t: t.logsumexp(1).sum(),
    "norm": lambda t: t.norm(),
    "norm dim": lambda t: t.norm(dim=0).sum(),
    "prod": lambda t: t.prod(),
    "prod dim": lambda t: t.prod(1).sum(),
    "cumsum": lambda t: (t.cumsum(1) * torch.tensor([1.0, 2.0, 3.0])).sum(),
    "cumprod": lambda t: t.cumprod(1).sum(),
    "max dim": lambda t: t.max(dim=1).values.sum(),
    "min dim": lambda t: (t.min(0)[0] * torch.tensor([1.0, 2.0, 3.0])).sum(),
    "amax": lambda t: t.amax(1).sum(),
    "softmax": lambda t: (t.softmax(dim=1) * torch.tensor([1.0, -1.0, 2.0])).sum(),
    "log_softmax": lambda t: (t.log_softmax(1)[:, 0]).sum(),
    "mean dims": lambda t: t.mean(dim=(0, 1)),
}
for name, f in cases.items():
    x = torch.tensor(data, requires_grad=True)
    f(x).backward()
    print(name, [[round(v, 5) for v in r] for r in x.grad.tolist()])
