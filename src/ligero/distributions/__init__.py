"""``torch.distributions`` for the PyTorch face: Categorical, Bernoulli, Normal, Uniform, Exponential,
Laplace, MultivariateNormal, Independent and ``kl_divergence``.

log_prob, entropy, the moments and ``rsample`` are composed of ligero's ops, so gradients
reach the parameters (policy gradients, VAEs); samples are torch's values, drawn from torch's
stream (``ligero.manual_seed``; :mod:`ligero.torch_generator`) by torch's procedures.
"""

from ligero.distributions.bernoulli import Bernoulli
from ligero.distributions.categorical import Categorical
from ligero.distributions.distribution import Distribution
from ligero.distributions.exponential import Exponential
from ligero.distributions.independent import Independent
from ligero.distributions.kl import kl_divergence, register_kl
from ligero.distributions.laplace import Laplace
from ligero.distributions.multivariate_normal import MultivariateNormal
from ligero.distributions.normal import Normal
from ligero.distributions.uniform import Uniform

__all__ = ["Bernoulli", "Categorical", "Distribution", "Exponential", "Independent", "Laplace", "MultivariateNormal",
           "Normal", "Uniform", "kl_divergence", "register_kl"]
