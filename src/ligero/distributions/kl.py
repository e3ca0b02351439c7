"""``kl_divergence(p, q) = E_p[log p - log q]`` by closed form, one rule per pair of types.

``register_kl(TypeP, TypeQ)`` adds a rule; the most specific registered pair (by the
types' method resolution orders) is used, as in torch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ligero.distributions.bernoulli import Bernoulli
from ligero.distributions.categorical import Categorical
from ligero.distributions.distribution import Distribution, sum_rightmost
from ligero.distributions.independent import Independent
from ligero.distributions.normal import Normal
from ligero.distributions.uniform import Uniform
from ligero.ops import where
from ligero.tensor import Tensor

_RULES: dict[tuple[type, type], Callable[[Any, Any], Tensor]] = {}


def register_kl(type_p: type, type_q: type) -> Callable:
    """Decorator: ``@register_kl(Normal, Normal) def kl(p, q): ...``."""
    def decorate(fn: Callable[[Any, Any], Tensor]) -> Callable[[Any, Any], Tensor]:
        _RULES[(type_p, type_q)] = fn
        return fn
    return decorate


def kl_divergence(p: Distribution, q: Distribution) -> Tensor:
    """``KL(p ‖ q)`` over the batch (shape ``batch_shape``)."""
    for tp in type(p).__mro__:
        for tq in type(q).__mro__:
            if (tp, tq) in _RULES:
                return _RULES[(tp, tq)](p, q)
    raise NotImplementedError(f"No KL(p || q) is implemented for p of type {type(p).__name__} and q of type "
                              f"{type(q).__name__}")


@register_kl(Normal, Normal)
def _kl_normal_normal(p: Normal, q: Normal) -> Tensor:
    """``½(r + ((μp - μq)/σq)² - 1 - log r)`` with ``r = (σp/σq)²``."""
    var_ratio = (p.scale / q.scale).pow(2)
    t1 = ((p.loc - q.loc) / q.scale).pow(2)
    return 0.5 * (var_ratio + t1 - 1 - var_ratio.log())


@register_kl(Categorical, Categorical)
def _kl_categorical_categorical(p: Categorical, q: Categorical) -> Tensor:
    """``Σ p (log p - log q)``: +inf where q = 0 < p, 0 where p = 0."""
    t = p.probs * (p.logits - q.logits)
    shape = t.shape
    t = where(np.broadcast_to(q.probs.array == 0, shape), float("inf"), t)
    t = where(np.broadcast_to(p.probs.array == 0, shape), 0.0, t)
    return t.sum(-1)


@register_kl(Bernoulli, Bernoulli)
def _kl_bernoulli_bernoulli(p: Bernoulli, q: Bernoulli) -> Tensor:
    """``p log(p/q) + (1-p) log((1-p)/(1-q))`` from the logits (softplus form, as torch)."""
    t1 = p.probs * (p.logits.neg().exp().log1p() - q.logits.neg().exp().log1p()).neg()
    t2 = (1 - p.probs) * (p.logits.exp().log1p() - q.logits.exp().log1p()).neg()
    return t1 + t2


@register_kl(Uniform, Uniform)
def _kl_uniform_uniform(p: Uniform, q: Uniform) -> Tensor:
    """``log((hq - lq)/(hp - lp))``, +inf where p's support leaves q's."""
    result = ((q.high - q.low) / (p.high - p.low)).log()
    outside = (q.low.array > p.low.array) | (q.high.array < p.high.array)
    return where(outside, float("inf"), result)


@register_kl(Independent, Independent)
def _kl_independent_independent(p: Independent, q: Independent) -> Tensor:
    """The base distributions' KL summed over the reinterpreted dimensions."""
    if p.reinterpreted_batch_ndims != q.reinterpreted_batch_ndims:
        raise NotImplementedError("KL between Independents with different event dimensions")
    return sum_rightmost(kl_divergence(p.base_dist, q.base_dist), p.reinterpreted_batch_ndims)
