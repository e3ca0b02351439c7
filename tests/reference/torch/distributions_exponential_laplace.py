# Exponential and Laplace distributions: moments, log_prob, cdf/icdf, entropy, and Laplace's
# reparameterised samples after manual_seed (torch's values) with their gradients.
import numpy as np
import torch

D = torch.distributions
rate = torch.tensor([0.5, 2.0], requires_grad=True)
e = D.Exponential(rate)
print("exponential moments", e.mean.tolist(), e.variance.tolist(), e.stddev.tolist(), e.mode.tolist())
print("entropy", np.round(e.entropy().detach().numpy(), 5).tolist())
lp = e.log_prob(torch.tensor([1.0, 0.3]))
print("log_prob", np.round(lp.detach().numpy(), 5).tolist())
lp.sum().backward()
print("d log_prob / d rate", np.round(rate.grad.numpy(), 5).tolist())
print("cdf", np.round(e.cdf(torch.tensor([1.0, 0.3])).detach().numpy(), 5).tolist(),
      "icdf", np.round(e.icdf(torch.tensor([0.2, 0.7])).detach().numpy(), 5).tolist())
torch.manual_seed(5)
loc = torch.tensor([0.0, 1.0], requires_grad=True)
scale = torch.tensor([1.0, 0.5], requires_grad=True)
lap = D.Laplace(loc, scale)
s = lap.rsample((20,))
print("laplace samples", np.round(s.detach().numpy(), 5).tolist()[:3], tuple(s.shape))
(s ** 2).sum().backward()
print("grads", np.round(loc.grad.numpy(), 4).tolist(), np.round(scale.grad.numpy(), 4).tolist())
print("moments", lap.variance.tolist(), np.round(lap.stddev.detach().numpy(), 5).tolist())
print("log_prob", np.round(lap.log_prob(torch.tensor([0.5, 0.5])).detach().numpy(), 5).tolist(),
      "cdf", np.round(lap.cdf(torch.tensor([0.5, 1.5])).detach().numpy(), 5).tolist(),
      "entropy", np.round(lap.entropy().detach().numpy(), 5).tolist())
print("sample", np.round(D.Laplace(0.0, 1.0).sample((4,)).numpy(), 5).tolist(), torch.rand(2).tolist())
