"""The activations of Keras 3 that :mod:`ligero.ops.unary` and :mod:`ligero.ops.activation` lack.

Each elementwise one is one node: ``y = f(x)`` and ``dL/dx = g ⊙ f'(x)``, the
slope computed in the forward pass (as in :mod:`ligero.ops.activation`).
``sparsemax`` is a projection along an axis, with its own backward rule.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.errors import ShapeError
from ligero.ops._common import normalize_axes
from ligero.ops.activation import _pointwise
from ligero.ops.arithmetic import mul
from ligero.ops.shape import split
from ligero.ops.unary import _floating, sigmoid
from ligero.tensor import Tensor, as_tensor, make_result


def relu_general(x: Any, negative_slope: float = 0.0, max_value: float | None = None,
                 threshold: float = 0.0) -> Tensor:
    """Keras's ``relu`` with all its options, term by term as Keras computes it:

    ``f(x) = clip([x > t]·x, 0, max_value) − negative_slope·max(t − x, 0)`` (t = ``threshold``;
    no clip without ``max_value``, and ``[x > t]·x`` is ``max(x, 0)`` when t = 0);
    d/dx = ``[x > t]`` (and ``0 < x < max_value`` when clipped) ``+ negative_slope·[x < t]``.
    """
    x = _floating(x)
    a = x.array
    keep = a > threshold if threshold else a > 0
    out = np.where(keep, a, 0.0)
    if max_value is not None:
        keep = keep & (a > 0) & (a < max_value)
        out = np.clip(out, 0.0, max_value)
    slope = keep.astype(a.dtype)
    if negative_slope:
        below = a < threshold
        out = out + negative_slope * np.minimum(a - threshold, 0.0)
        slope = slope + negative_slope * below
    return _pointwise(x, out, slope, "relu")


def celu(x: Any, alpha: float = 1.0) -> Tensor:
    """``max(0, x) + min(0, α(e^(x/α) − 1))``;  d/dx = 1 for x > 0, else ``e^(x/α)``."""
    x = _floating(x)
    a = x.array
    e = np.exp(np.minimum(a, 0) / alpha)
    positive = a > 0
    return _pointwise(x, np.where(positive, a, alpha * (e - 1)), np.where(positive, 1.0, e), "celu")


def hard_shrink(x: Any, threshold: float = 0.5) -> Tensor:
    """``x`` where ``|x| > threshold``, else 0;  d/dx = 1 there, else 0."""
    x = _floating(x)
    keep = np.abs(x.array) > threshold
    return _pointwise(x, np.where(keep, x.array, 0.0), keep, "hard_shrink")


def soft_shrink(x: Any, threshold: float = 0.5) -> Tensor:
    """``x − t`` for ``x > t``, ``x + t`` for ``x < −t``, else 0;  d/dx = 1 outside [−t, t], else 0."""
    x = _floating(x)
    a = x.array
    out = np.where(a > threshold, a - threshold, np.where(a < -threshold, a + threshold, 0.0))
    return _pointwise(x, out, np.abs(a) > threshold, "soft_shrink")


def sparse_plus(x: Any) -> Tensor:
    """0 for ``x ≤ −1``, ``(x + 1)²/4`` for ``−1 < x < 1``, ``x`` for ``x ≥ 1``;
    d/dx = 0, ``(x + 1)/2``, 1."""
    x = _floating(x)
    a = x.array
    inside = (a > -1) & (a < 1)
    out = np.where(a >= 1, a, np.where(inside, (a + 1) ** 2 / 4, 0.0))
    slope = np.where(a >= 1, 1.0, np.where(inside, (a + 1) / 2, 0.0))
    return _pointwise(x, out, slope, "sparse_plus")


def sparse_sigmoid(x: Any) -> Tensor:
    """0 for ``x ≤ −1``, ``(x + 1)/2`` for ``−1 < x < 1``, 1 for ``x ≥ 1``;  d/dx = 1/2 inside, else 0."""
    x = _floating(x)
    a = x.array
    inside = (a > -1) & (a < 1)
    return _pointwise(x, np.clip((a + 1) / 2, 0.0, 1.0), np.where(inside, 0.5, 0.0), "sparse_sigmoid")


def squareplus(x: Any, b: float = 4.0) -> Tensor:
    """``(x + √(x² + b))/2``;  d/dx = ``(1 + x/√(x² + b))/2``."""
    x = _floating(x)
    a = x.array
    root = np.sqrt(a * a + b)
    return _pointwise(x, (a + root) / 2, (1 + a / root) / 2, "squareplus")


def sparsemax(x: Any, axis: int = -1) -> Tensor:
    """The Euclidean projection of ``x`` onto the probability simplex along ``axis``:
    ``p = max(x − τ, 0)`` with τ chosen so that ``Σ p = 1`` (Martins & Astudillo, 2016).

    With ``z`` sorted in decreasing order, the support size is ``k = max{j : 1 + j·z_j > Σ_{i≤j} z_i}``
    and ``τ = (Σ_{i≤k} z_i − 1)/k``. (Keras 3.15 divides the sum of all the cumulative sums over the
    support instead, which agrees only when ``k = 1``: its outputs then need not sum to 1.)
    With ``S`` the support (``p > 0``): dL/dx = ``S ⊙ (g − Σ_S g / |S|)``.
    """
    x = _floating(x)
    (axis,) = normalize_axes(axis, x.ndim) if x.ndim else (0,)
    z = np.moveaxis(x.array, axis, -1)
    ranked = -np.sort(-z, axis=-1)
    k = np.arange(1, z.shape[-1] + 1, dtype=z.dtype)
    cumulative = np.cumsum(ranked, axis=-1)
    support_size = ((1 + k * ranked) > cumulative).sum(axis=-1, keepdims=True)
    tau = (np.take_along_axis(cumulative, support_size - 1, axis=-1) - 1) / support_size
    out = np.moveaxis(np.maximum(z - tau, 0), -1, axis).astype(x.array.dtype, copy=False)
    support = out > 0

    def backward(g: np.ndarray) -> tuple:
        mean = (g * support).sum(axis=axis, keepdims=True) / support.sum(axis=axis, keepdims=True)
        return (support * (g - mean),)

    return make_result(out, (x,), backward, "sparsemax")


def glu(x: Any, axis: int = -1) -> Tensor:
    """Gated linear unit: ``a ⊙ σ(b)`` with ``a, b`` the two halves of ``x`` along ``axis``
    (composed of split, sigmoid and mul, whose backward rules give the gradient)."""
    x = as_tensor(x)
    size = x.shape[axis]
    if size % 2:
        raise ShapeError(f"glu: axis {axis} of the input of shape {tuple(x.shape)} must have an even size, "
                         f"got {size}")
    first, second = split(x, size // 2, axis)
    return mul(first, sigmoid(second))
