# MultivariateNormal (covariance, scale_tril, precision), Bernoulli and Uniform: log_prob, entropy,
# moments, KL, shapes; sampled moments checked only roughly (draws differ between frameworks).
import torch
import torch.distributions as D

loc = torch.tensor([1.0, -1.0])
cov = torch.tensor([[2.0, 0.5], [0.5, 1.0]])
mvn = D.MultivariateNormal(loc, covariance_matrix=cov)
x = torch.tensor([[0.0, 0.0], [1.5, -0.5], [2.0, 1.0]])
print([round(v, 5) for v in mvn.log_prob(x).tolist()], round(mvn.entropy().item(), 5))
print([[round(v, 5) for v in r] for r in mvn.scale_tril.tolist()], mvn.variance.tolist())
tril = D.MultivariateNormal(loc, scale_tril=torch.tensor([[1.0, 0.0], [0.5, 2.0]]))
print([round(v, 5) for v in tril.log_prob(x).tolist()],
      [[round(v, 5) for v in r] for r in tril.covariance_matrix.tolist()])
prec = D.MultivariateNormal(torch.zeros(3, 2), precision_matrix=torch.linalg.inv(cov))
print(prec.batch_shape, prec.event_shape, [round(v, 5) for v in prec.log_prob(x).tolist()])
torch.manual_seed(0)
draws = mvn.sample((20000,))
print(draws.shape, [round(v, 1) for v in draws.mean(0).tolist()])
b = D.Bernoulli(probs=torch.tensor([0.1, 0.5, 0.9]))
print([round(v, 5) for v in b.log_prob(torch.tensor([1.0, 0.0, 1.0])).tolist()],
      [round(v, 5) for v in b.entropy().tolist()])
print([round(v, 5) for v in b.logits.tolist()], [round(v, 4) for v in b.variance.tolist()])
print([round(v, 5) for v in D.kl_divergence(b, D.Bernoulli(logits=torch.zeros(3))).tolist()])
print(b.sample((4,)).shape, b.sample().dtype)
u = D.Uniform(torch.tensor([0.0, -2.0]), torch.tensor([1.0, 2.0]))
print(u.log_prob(torch.tensor([0.5, 1.0])).tolist(), u.entropy().tolist(), u.mean.tolist(),
      [round(v, 5) for v in u.variance.tolist()])
print(round(u.sample((20000,)).mean().item(), 1), u.rsample((3,)).shape)
