"""``torch.distributions`` for the PyTorch face: Categorical, Bernoulli, Normal, Uniform,
MultivariateNormal, Independent and ``kl_divergence``.

log_prob, entropy, the moments and ``rsample`` are composed of ligero's ops, so gradients
reach the parameters (policy gradients, VAEs); draws come from ligero's global generator
(``ligero.manual_seed``).
"""

from ligero.distributions.bernoulli import Bernoulli
from ligero.distributions.categorical import Categorical
from ligero.distributions.distribution import Distribution
from ligero.distributions.independent import Independent
from ligero.distributions.kl import kl_divergence, register_kl
from ligero.distributions.multivariate_normal import MultivariateNormal
from ligero.distributions.normal import Normal
from ligero.distributions.uniform import Uniform

__all__ = ["Bernoulli", "Categorical", "Distribution", "Independent", "MultivariateNormal", "Normal", "Uniform",
           "kl_divergence", "register_kl"]
