"""Layer and group normalization: each sample normalized over its own trailing axes.

The one fused node is :func:`normalize_trailing` (no affine part); ``layer_norm``
and ``group_norm`` reshape around it and add the elementwise scale and shift
with ordinary ops, so their parameters' gradients come from those ops.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ligero.ops.arithmetic import add, mul
from ligero.ops.shape import reshape
from ligero.tensor import Tensor, as_tensor, make_result


def normalize_trailing(x: Any, k: int, eps: float = 1e-5) -> Tensor:
    """``x̂ = (x - μ)/√(var + eps)`` with μ and the biased var over the last ``k`` axes.

    Backward, with means over those axes: ``dL/dx = (g - mean(g) - x̂·mean(g·x̂)) / σ``.
    """
    x = as_tensor(x)
    axes = tuple(range(x.ndim - k, x.ndim))
    mean = x.array.mean(axis=axes, keepdims=True)
    centred = x.array - mean
    var = (centred * centred).mean(axis=axes, keepdims=True)
    inv_std = (1.0 / np.sqrt(var + eps)).astype(x.array.dtype)
    x_hat = centred * inv_std

    def backward(g: np.ndarray) -> tuple:
        gx = g - g.mean(axis=axes, keepdims=True) - x_hat * (g * x_hat).mean(axis=axes, keepdims=True)
        return (gx * inv_std,)

    backward.eps = eps  # what create_graph's rule recomputes σ with (autograd/higher_order_nn.py)
    return make_result(x_hat, (x,), backward, "normalize")


def normalize_trailing_reference(x: Any, k: int, eps: float = 1e-5) -> Tensor:
    """``(x - μ)/√(var + eps)`` from mean, sub, mul and sqrt: the definition :func:`normalize_trailing`
    is tested against."""
    from ligero.ops.reduce import mean
    from ligero.ops.unary import sqrt

    x = as_tensor(x)
    axes = tuple(range(x.ndim - k, x.ndim))
    centred = x - mean(x, axes, True)
    return centred / sqrt(mean(centred * centred, axes, True) + eps)


def layer_norm(x: Any, normalized_shape: Sequence[int], weight: Any = None, bias: Any = None,
               eps: float = 1e-5) -> Tensor:
    """``y = x̂ ⊙ w + b`` with ``x̂`` normalized over the trailing ``normalized_shape``
    (``torch.nn.functional.layer_norm``)."""
    x = as_tensor(x)
    shape = tuple(normalized_shape)
    if tuple(x.shape[x.ndim - len(shape):]) != shape:
        raise RuntimeError(
            f"Given normalized_shape={list(shape)}, expected input with shape [*, {', '.join(map(str, shape))}], "
            f"but got input of size{list(x.shape)}"
        )
    y = normalize_trailing(x, len(shape), eps)
    if weight is not None:
        y = mul(y, weight)
    if bias is not None:
        y = add(y, bias)
    return y


def group_norm(x: Any, num_groups: int, weight: Any = None, bias: Any = None, eps: float = 1e-5) -> Tensor:
    """Group normalization of (N, C, *) inputs: the C channels in ``num_groups`` groups, each
    normalized over its channels and positions, then ``y = x̂ ⊙ w + b`` per channel."""
    x = as_tensor(x)
    n, c = x.shape[0], x.shape[1]
    if c % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input "
                           f"of shape {list(x.shape)} and num_groups={num_groups}")
    y = reshape(normalize_trailing(reshape(x, (n, num_groups, -1)), 1, eps), x.shape)
    per_channel = (1, c) + (1,) * (x.ndim - 2)
    if weight is not None:
        y = mul(y, reshape(weight, per_channel))
    if bias is not None:
        y = add(y, reshape(bias, per_channel))
    return y
