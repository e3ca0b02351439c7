# The Gaussian pieces of a VAE: Normal(mu, sigma).rsample() (differentiable), log_prob of data under a
# diagonal Gaussian via Independent, and the closed-form KL to the standard normal prior.
import torch
from torch.distributions import Independent, Normal, kl_divergence

mu = torch.tensor([[0.5, -1.0, 0.2], [0.0, 0.3, -0.4]], requires_grad=True)
log_var = torch.tensor([[-0.2, 0.1, 0.0], [0.4, -0.5, 0.2]], requires_grad=True)
q = Normal(mu, torch.exp(0.5 * log_var))
prior = Normal(torch.zeros(2, 3), torch.ones(2, 3))
kl = kl_divergence(q, prior).sum(-1)
print([round(v, 6) for v in kl.tolist()])
x = torch.tensor([[0.1, -0.7, 0.5], [0.2, 0.0, -1.0]])
posterior = Independent(q, 1)
lp = posterior.log_prob(x)
print([round(v, 6) for v in lp.tolist()], posterior.batch_shape, posterior.event_shape)
print([[round(v, 6) for v in r] for r in q.entropy().tolist()])
(kl.sum() - lp.sum()).backward()
print([[round(v, 6) for v in r] for r in mu.grad.tolist()])
print([[round(v, 6) for v in r] for r in log_var.grad.tolist()])
print([[round(v, 6) for v in r] for r in q.cdf(x).tolist()])
print([[round(v, 6) for v in r] for r in q.stddev.tolist()], q.mean.shape, q.variance.shape)
torch.manual_seed(1)
z = q.rsample()
print(z.shape, z.requires_grad, q.sample((5,)).shape, q.sample().requires_grad)
many = Normal(torch.tensor(2.0), torch.tensor(0.5)).sample((20000,))
print(round(many.mean().item(), 1), round(many.std().item(), 1))
