# torch.special: expit, logit (with eps), erf/erfc/erfinv, xlogy, xlog1py, log1p, expm1, exp2, ndtr, ndtri,
# log_ndtr, sinc, entr, gammaln, digamma, i0, logsumexp, softmax / log_softmax, round, plus their gradients.
import torch

x = torch.tensor([-2.0, -0.5, 0.0, 0.5, 2.0])
p = torch.tensor([0.1, 0.25, 0.5, 0.75, 0.9])


def show(name, t):
    print(name, [round(v, 5) for v in t.tolist()])


show("expit", torch.special.expit(x))
show("logit", torch.special.logit(p))
show("logit eps", torch.special.logit(torch.tensor([0.0, 1.0, 0.5]), eps=1e-3))
show("erf", torch.special.erf(x))
show("erfc", torch.special.erfc(x))
show("erfinv", torch.special.erfinv(p - 0.5))
show("xlogy", torch.special.xlogy(torch.tensor([0.0, 1.0, 2.0]), torch.tensor([0.0, 2.0, 3.0])))
show("xlog1py", torch.special.xlog1py(torch.tensor([0.0, 1.0, 2.0]), torch.tensor([-1.0, 1.0, 3.0])))
show("log1p", torch.special.log1p(p))
show("expm1", torch.special.expm1(x))
show("exp2", torch.special.exp2(x))
show("ndtr", torch.special.ndtr(x))
show("ndtri", torch.special.ndtri(p))
show("log_ndtr", torch.special.log_ndtr(x))
show("sinc", torch.special.sinc(x))
show("entr", torch.special.entr(torch.tensor([0.0, 0.5, 1.0, 2.0])))
show("gammaln", torch.special.gammaln(torch.tensor([0.5, 1.0, 3.5, 10.0])))
show("digamma", torch.special.digamma(torch.tensor([0.5, 1.0, 3.5, 10.0])))
show("i0", torch.special.i0(x))
show("round", torch.special.round(torch.tensor([0.5, 1.5, 2.4, -0.5])))
m = torch.tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
show("logsumexp", torch.special.logsumexp(m, dim=1))
show("softmax", torch.special.softmax(m, dim=1)[0])
show("log_softmax", torch.special.log_softmax(m, 1)[0])
print(torch.special.expit(torch.tensor(0.0)).item(), torch.special.expit(x).dtype)
z = x.clone().requires_grad_(True)
(torch.special.expit(z) + torch.special.erf(z) + torch.special.log1p(z.abs()) + torch.special.expm1(z)).sum().backward()
show("grad", z.grad)
q = p.clone().requires_grad_(True)
out = torch.special.logit(q) + torch.special.xlogy(q, q + 1) + torch.special.ndtr(q) + torch.special.entr(q)
out.sum().backward()
show("grad2", q.grad)
print(torch.sigmoid(x).allclose(torch.special.expit(x)), torch.logit(p).allclose(torch.special.logit(p)))
show("torch.erfinv", torch.erfinv(p - 0.5))
show("torch.xlogy", torch.xlogy(torch.tensor([0.0, 2.0]), 3.0))
show("torch.lgamma", torch.lgamma(torch.tensor([0.5, 4.0])))
