"""``keras.ops`` neural-network functions: activations, the elementwise cross-entropies, ``moments``,
``normalize``, ``one_hot``/``multi_hot``; each maps Keras's arguments onto ligero's one implementation
(``ligero.ops``, ``ligero.losses``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import activations as _activations
from ligero import losses as _losses
from ligero import ops as _ops
from ligero.keras.ops import reduce as _reduce
from ligero.keras.ops.core import FLOATX, convert_to_numpy, convert_to_tensor, floating, wrap
from ligero.ops import activation as _act
from ligero.tensor import Tensor

relu, tanh = _ops.relu, _ops.tanh
silu = swish = _act.silu
softsign, selu, log_sigmoid, hard_sigmoid = _act.softsign, _act.selu, _act.logsigmoid, _act.hardsigmoid
# the activations Keras's ops share with keras.activations: the same functions, same arguments
celu, glu, hard_shrink = _activations.celu, _activations.glu, _activations.hard_shrink
soft_shrink = _activations.soft_shrink
hard_silu = hard_swish = _activations.hard_silu
hard_tanh, tanh_shrink, threshold = _activations.hard_tanh, _activations.tanh_shrink, _activations.threshold
sparse_plus, sparse_sigmoid = _activations.sparse_plus, _activations.sparse_sigmoid
sparsemax, squareplus = _activations.sparsemax, _activations.squareplus


def sigmoid(x: Any) -> Tensor:
    return _ops.sigmoid(floating(x))


def softmax(x: Any, axis: int = -1) -> Tensor:
    """``e^x / Σ e^x`` along ``axis``."""
    return _ops.softmax(floating(x), axis)


def log_softmax(x: Any, axis: int = -1) -> Tensor:
    """``x - log Σ e^x`` along ``axis``."""
    return _ops.log_softmax(floating(x), axis)


def gelu(x: Any, approximate: bool = True) -> Tensor:
    """``x·Φ(x)``; by default (as Keras's op) the tanh form ``x/2·(1 + tanh(√(2/π)(x + 0.044715x³)))``."""
    return _act.gelu(floating(x), "tanh" if approximate else "none")


def softplus(x: Any) -> Tensor:
    """``log(1 + eˣ)``."""
    return _act.softplus(floating(x))


def elu(x: Any, alpha: float = 1.0) -> Tensor:
    """``x`` for ``x > 0``, else ``alpha·(eˣ - 1)``."""
    return _ops.elu(floating(x), alpha)


def leaky_relu(x: Any, negative_slope: float = 0.2) -> Tensor:
    """``x`` for ``x > 0``, else ``negative_slope·x`` (Keras's default slope is 0.2)."""
    return _ops.leaky_relu(floating(x), negative_slope)


def relu6(x: Any) -> Tensor:
    """``min(max(x, 0), 6)``."""
    return _act.hardtanh(floating(x), 0.0, 6.0)


def _same_shape(target: Any, output: Any, name: str) -> tuple[Tensor, Tensor]:
    t, p = convert_to_tensor(target), convert_to_tensor(output)
    if tuple(t.shape) != tuple(p.shape):
        raise ValueError(f"{name}: target of shape {tuple(t.shape)} and output of shape {tuple(p.shape)} "
                         "must have the same shape")
    return t, p


def binary_crossentropy(target: Any, output: Any, from_logits: bool = False) -> Tensor:
    """Elementwise ``-[t log p + (1-t) log(1-p)]`` (p clipped to ``[ε, 1-ε]``; from logits z,
    ``max(z, 0) - z·t + log(1 + e^-|z|)``): ligero's loss on a trailing axis of length 1."""
    t, p = _same_shape(target, output, "binary_crossentropy")
    return _losses.binary_crossentropy(t.reshape(list(t.shape) + [1]), p.reshape(list(p.shape) + [1]),
                                       from_logits=from_logits)


def categorical_crossentropy(target: Any, output: Any, from_logits: bool = False, axis: int = -1) -> Tensor:
    """``-Σ t·log p`` along ``axis`` (p = softmax from logits, else output / Σ output clipped)."""
    t, p = _same_shape(target, output, "categorical_crossentropy")
    return _losses.categorical_crossentropy(t, p, from_logits=from_logits, axis=axis)


def sparse_categorical_crossentropy(target: Any, output: Any, from_logits: bool = False, axis: int = -1) -> Tensor:
    """``-log p[target]`` with the classes along ``axis`` of ``output``."""
    p = convert_to_tensor(output)
    if axis not in (-1, p.ndim - 1):
        p = _ops.permute(p, [d for d in range(p.ndim) if d != axis % p.ndim] + [axis % p.ndim])
    return _losses.sparse_categorical_crossentropy(target, p, from_logits=from_logits)


def moments(x: Any, axes: Any, keepdims: bool = False, synchronized: bool = False) -> tuple[Tensor, Tensor]:
    """``(mean, variance)`` over ``axes``, the variance ``mean((x - mean)²)``."""
    x = floating(x)
    axes = tuple(axes) if isinstance(axes, (list, tuple)) else axes
    return _reduce.mean(x, axes, keepdims), _reduce.var(x, axes, keepdims)


def normalize(x: Any, axis: int = -1, order: int = 2, epsilon: float | None = None) -> Tensor:
    """``x / max(‖x‖_order, ε)`` along ``axis`` (ε = 1e-7 by default)."""
    if not isinstance(order, int) or order < 1:
        raise ValueError(f"normalize: order must be an int >= 1, got {order!r}")
    x = floating(x)
    eps = 1e-7 if epsilon is None else float(epsilon)
    a = _ops.abs(x)
    norm = _ops.sum(a * a if order == 2 else a ** order, axis, True) ** (1.0 / order)
    return x / _ops.maximum(norm, eps)


def one_hot(x: Any, num_classes: int, axis: int = -1, dtype: Any = None, sparse: bool = False) -> Tensor:
    """``out[..., c] = 1`` where ``x == c``, else 0 (an index outside ``[0, num_classes)`` gives a row of zeros)."""
    if sparse:
        raise ValueError("one_hot: sparse=True is not supported")
    labels = convert_to_numpy(x).astype(np.int64)
    out = (labels[..., None] == np.arange(int(num_classes))).astype(FLOATX if dtype is None else dtype)
    return wrap(np.moveaxis(out, -1, axis))


def multi_hot(inputs: Any, num_classes: int | None = None, axis: int = -1, dtype: Any = None,
              sparse: bool = False, **kwargs: Any) -> Tensor:
    """``out[b, c] = 1`` where some ``inputs[b, j] == c`` (a 1-D input gives one row of ``num_classes``)."""
    num_classes = kwargs.pop("num_tokens", num_classes)
    if num_classes is None:
        raise ValueError("multi_hot: give num_classes")
    hot = one_hot(inputs, num_classes, axis, dtype, sparse)
    return wrap(hot.array.max(axis=1 if hot.ndim > 2 else 0))


def batch_normalization(x: Any, mean: Any, variance: Any, axis: int, offset: Any = None, scale: Any = None,
                        epsilon: float = 1e-3) -> Tensor:
    """``(x - mean) / √(variance + ε) · scale + offset``, the statistics laid along ``axis`` of ``x``."""
    x = floating(x)
    view = [1] * x.ndim
    view[axis] = -1

    def along(v: Any) -> Tensor:
        return _ops.reshape(convert_to_tensor(v), view)

    out = (x - along(mean)) * _ops.rsqrt(along(variance) + float(epsilon))
    out = out if scale is None else out * along(scale)
    return out if offset is None else out + along(offset)


def layer_normalization(x: Any, gamma: Any = None, beta: Any = None, axis: int = -1, epsilon: float | None = None,
                        **kwargs: Any) -> Tensor:
    """``(x - mean) / √(var + ε) · gamma + beta`` with the moments over ``axis`` (ε = 1e-7 by default)."""
    x = floating(x)
    mean, var = moments(x, [axis], keepdims=True)
    out = (x - mean) * _ops.rsqrt(var + (1e-7 if epsilon is None else float(epsilon)))
    out = out if gamma is None else out * convert_to_tensor(gamma)
    return out if beta is None else out + convert_to_tensor(beta)


def rms_normalization(x: Any, scale: Any = None, axis: int = -1, epsilon: float | None = None) -> Tensor:
    """``x / √(mean(x²) + ε) · scale`` over ``axis`` (ε = 1e-7 by default)."""
    x = floating(x)
    out = x * _ops.rsqrt(_ops.mean(x * x, axis, True) + (1e-7 if epsilon is None else float(epsilon)))
    return out if scale is None else out * convert_to_tensor(scale)


__all__ = [
    "batch_normalization", "celu", "glu", "hard_shrink", "hard_silu", "hard_swish", "hard_tanh",
    "layer_normalization", "rms_normalization", "soft_shrink", "sparse_plus", "sparse_sigmoid", "sparsemax",
    "squareplus", "tanh_shrink", "threshold",
    "binary_crossentropy", "categorical_crossentropy", "elu", "gelu", "hard_sigmoid", "leaky_relu", "log_sigmoid",
    "log_softmax", "moments", "multi_hot", "normalize", "one_hot", "relu", "relu6", "selu", "sigmoid", "silu",
    "softmax", "softplus", "softsign", "sparse_categorical_crossentropy", "swish", "tanh",
]
