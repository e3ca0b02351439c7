"""The activations of ``torch.nn`` that :mod:`ligero.ops.unary` lacks, each with its derivative.

Each is one elementwise node: ``y = f(x)`` and ``dL/dx = g ⊙ f'(x)``, the slope
computed in the forward pass from arrays it has at hand.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ligero.tensor import Tensor, as_tensor, make_result

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)

_erf64 = np.frompyfunc(math.erf, 1, 1)


def erf(a: np.ndarray) -> np.ndarray:
    """The error function of an array: exact (``math.erf``) in float64; in float32 the
    Chebyshev fit of Numerical Recipes (``erfc`` with fractional error below 1.2e-7)."""
    if a.dtype == np.float64:
        return _erf64(a).astype(np.float64)
    z = np.abs(a)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    erfc = t * np.exp(poly)
    return np.where(a >= 0, 1.0 - erfc, erfc - 1.0).astype(a.dtype)


def _pointwise(x: Tensor, out: np.ndarray, slope: np.ndarray, op: str, **params: float) -> Tensor:
    """The node ``out = f(x)`` whose backward is ``g·slope``; ``params`` (the op's parameters) are kept
    as attributes of that rule, for create_graph's differentiable rules (autograd/higher_order.py)."""
    dtype = x.array.dtype
    out = np.asarray(out, dtype=dtype)
    slope = np.asarray(slope, dtype=dtype)

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        return (g * slope,)

    backward.__dict__.update(params)
    return make_result(out, (x,), backward, op)


def _sigmoid(a: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * a))


def gelu(x: Any, approximate: str = "none") -> Tensor:
    """``x·Φ(x)`` with Φ the standard normal CDF (``approximate='none'``), or
    ``x/2·(1 + tanh(√(2/π)(x + 0.044715x³)))`` (``'tanh'``).

    d/dx = Φ(x) + x·φ(x) (exact), or the derivative of the tanh form.
    """
    x = as_tensor(x)
    a = x.array
    if approximate == "none":
        cdf = 0.5 * (1.0 + erf(a / np.asarray(math.sqrt(2.0), a.dtype)))
        pdf = np.exp(-0.5 * a * a) / math.sqrt(2.0 * math.pi)
        return _pointwise(x, a * cdf, cdf + a * pdf, "gelu")
    if approximate == "tanh":
        inner = _SQRT_2_OVER_PI * (a + 0.044715 * a**3)
        th = np.tanh(inner)
        slope = 0.5 * (1 + th) + 0.5 * a * (1 - th * th) * _SQRT_2_OVER_PI * (1 + 3 * 0.044715 * a * a)
        return _pointwise(x, 0.5 * a * (1 + th), slope, "gelu_tanh")
    raise ValueError(f"approximate argument must be either none or tanh, got {approximate!r}")


def selu(x: Any) -> Tensor:
    """``scale·(x if x > 0 else α(eˣ - 1))``, α ≈ 1.6733, scale ≈ 1.0507; d/dx = scale or scale·α·eˣ."""
    x = as_tensor(x)
    a = x.array
    e = np.exp(np.minimum(a, 0))
    positive = a > 0
    out = SELU_SCALE * np.where(positive, a, SELU_ALPHA * (e - 1))
    return _pointwise(x, out, SELU_SCALE * np.where(positive, 1.0, SELU_ALPHA * e), "selu")


def silu(x: Any) -> Tensor:
    """``x·σ(x)``;  d/dx = σ(x)·(1 + x·(1 - σ(x)))."""
    x = as_tensor(x)
    s = _sigmoid(x.array)
    return _pointwise(x, x.array * s, s * (1 + x.array * (1 - s)), "silu")


def softplus(x: Any, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """``(1/β)·log(1 + e^(βx))``, and ``x`` itself where ``βx > threshold``;  d/dx = σ(βx) (1 there)."""
    x = as_tensor(x)
    bx = beta * x.array
    linear = bx > threshold
    out = np.where(linear, x.array, np.logaddexp(0, bx) / beta)
    return _pointwise(x, out, np.where(linear, 1.0, _sigmoid(bx)), "softplus", beta=beta, threshold=threshold)


def mish(x: Any) -> Tensor:
    """``x·tanh(softplus(x))``;  d/dx = tanh(sp) + x·(1 - tanh²(sp))·σ(x)."""
    x = as_tensor(x)
    a = x.array
    th = np.tanh(np.logaddexp(0, a))
    return _pointwise(x, a * th, th + a * (1 - th * th) * _sigmoid(a), "mish")


def softsign(x: Any) -> Tensor:
    """``x / (1 + |x|)``;  d/dx = 1 / (1 + |x|)²."""
    x = as_tensor(x)
    d = 1 + np.abs(x.array)
    return _pointwise(x, x.array / d, 1 / (d * d), "softsign")


def hardtanh(x: Any, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    """``clip(x, min_val, max_val)``;  d/dx = 1 strictly inside, 0 outside (as PyTorch)."""
    x = as_tensor(x)
    a = x.array
    inside = (a > min_val) & (a < max_val)
    return _pointwise(x, np.clip(a, min_val, max_val), inside, "hardtanh")


def hardsigmoid(x: Any) -> Tensor:
    """``clip(x/6 + 1/2, 0, 1)``;  d/dx = 1/6 for -3 < x < 3, else 0."""
    x = as_tensor(x)
    a = x.array
    return _pointwise(x, np.clip(a / 6 + 0.5, 0, 1), np.where((a > -3) & (a < 3), 1 / 6, 0.0), "hardsigmoid")


def hardswish(x: Any) -> Tensor:
    """``x·clip(x + 3, 0, 6)/6``;  d/dx = 0 for x < -3, 1 for x > 3, (2x + 3)/6 between."""
    x = as_tensor(x)
    a = x.array
    out = a * np.clip(a + 3, 0, 6) / 6
    slope = np.where(a < -3, 0.0, np.where(a > 3, 1.0, (2 * a + 3) / 6))
    return _pointwise(x, out, slope, "hardswish")


def threshold(x: Any, threshold: float, value: float) -> Tensor:
    """``x`` where ``x > threshold``, else ``value``;  d/dx = 1 there, else 0."""
    x = as_tensor(x)
    keep = x.array > threshold
    return _pointwise(x, np.where(keep, x.array, value), keep, "threshold")


def logsigmoid(x: Any) -> Tensor:
    """``log σ(x) = -softplus(-x)``;  d/dx = 1 - σ(x)."""
    x = as_tensor(x)
    return _pointwise(x, -np.logaddexp(0, -x.array), 1 - _sigmoid(x.array), "logsigmoid")
