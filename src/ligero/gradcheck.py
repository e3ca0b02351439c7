"""Numerical gradient check by central differences in float64."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ligero.tensor import Tensor, no_grad


def numerical_gradient(
    f: Callable[..., Tensor], inputs: Sequence[Tensor], weights: np.ndarray, eps: float = 1e-6
) -> list[np.ndarray]:
    """``∂/∂x Σ(w ⊙ f(x))`` for each input by central differences:

    ``(F(x + ε e_i) - F(x - ε e_i)) / 2ε``, one element ``i`` at a time.
    """
    grads = []
    with no_grad():
        for t in inputs:
            grad = np.zeros_like(t.array)
            flat, gflat = t.array.reshape(-1), grad.reshape(-1)
            for i in range(flat.size):
                saved = flat[i]
                flat[i] = saved + eps
                plus = float(np.sum(f(*inputs).array * weights))
                flat[i] = saved - eps
                minus = float(np.sum(f(*inputs).array * weights))
                flat[i] = saved
                gflat[i] = (plus - minus) / (2 * eps)
            grads.append(grad)
    return grads


def gradcheck(
    f: Callable[..., Tensor],
    inputs: Sequence[Any],
    eps: float = 1e-6,
    seed: int = 0,
) -> float:
    """Compare backpropagated and numerical gradients of ``f(*inputs)``; return the worst error.

    Every input is copied to a float64 leaf that requires grad. A non-scalar
    output is reduced to the scalar ``Σ w ⊙ f`` with fixed random weights ``w``,
    so every output element is checked. The error of one element is
    ``|analytic - numeric| / max(1, |analytic|, |numeric|)``: relative for large
    gradients, absolute for small ones. Values near 1e-7 or below mean agreement.
    """
    leaves = [
        Tensor(np.array(x.array if isinstance(x, Tensor) else x, dtype=np.float64), requires_grad=True)
        for x in inputs
    ]
    out = f(*leaves)
    weights = np.random.default_rng(seed).standard_normal(out.shape)
    out.backward(weights)
    analytic = [t.grad_array if t.grad_array is not None else np.zeros_like(t.array) for t in leaves]
    numeric = numerical_gradient(f, leaves, weights, eps)
    worst = 0.0
    for a, n in zip(analytic, numeric):
        if a.size:
            scale = np.maximum(1.0, np.maximum(np.abs(a), np.abs(n)))
            worst = max(worst, float(np.max(np.abs(a - n) / scale)))
    return worst
