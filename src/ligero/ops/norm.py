"""Batch normalization and dropout: the layers that behave differently in training and inference.

Each batch-normalization op has its ``<op>_reference`` beside it: the same
function composed of basic differentiable ops, the definition the fused op is
tested against (``tests/test_fused_reference.py``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.errors import ConfigError, DataError, ShapeError
from ligero.tensor import Tensor, as_tensor, make_result
from ligero.torch_generator import TorchGenerator

__all__ = ["batch_norm", "batch_norm_inference", "batch_norm_training", "dropout"]


def _stat_array(value: Any, name: str, channels: int, op: str) -> np.ndarray | None:
    """A running statistic as the ndarray to update in place (a Tensor's own data)."""
    if value is None:
        return None
    arr = value.array if isinstance(value, Tensor) else value
    if not isinstance(arr, np.ndarray) or arr.shape != (channels,):
        shape = getattr(arr, "shape", type(arr).__name__)
        raise ShapeError(f"{op}: {name} must be an ndarray of shape ({channels},), got {shape}")
    return arr


def _channel_sum(a: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """Per-channel sum over the N (and H, W) axes, in the array's dtype."""
    return a.sum(axis=axes, dtype=a.dtype)


def batch_norm(
    x: Any,
    gamma: Any,
    beta: Any,
    running_mean: Any,
    running_var: Any,
    training: bool,
    momentum: float = 0.1,
    eps: float = 1e-5,
    axis: int = 1,
    unbiased: bool = True,
) -> Tensor:
    """Batch normalization: :func:`batch_norm_training` if ``training``, else :func:`batch_norm_inference`.

    ``y = γ · (x - μ) / √(var + eps) + β`` per channel, with the batch's statistics
    in training (and the running ones updated) or the running ones in inference.
    """
    if training:
        return batch_norm_training(x, gamma, beta, running_mean, running_var, momentum=momentum, eps=eps,
                                   axis=axis, unbiased=unbiased)
    return batch_norm_inference(x, gamma, beta, running_mean, running_var, eps=eps, axis=axis)


def batch_norm_training(
    x: Any,
    gamma: Any = None,
    beta: Any = None,
    running_mean: Any = None,
    running_var: Any = None,
    momentum: float = 0.1,
    eps: float = 1e-5,
    axis: int = 1,
    unbiased: bool = True,
) -> Tensor:
    """Batch normalization with the batch's statistics; the channels on ``axis`` (1: (N, C) features
    or (N, C, H, W) images; -1: channels-last data of any rank).

    ``y = γ · x̂ + β`` with ``x̂ = (x - μ) / σ``, ``σ = √(var + eps)``, where ``μ`` and
    ``var`` are the batch's mean and *biased* variance per channel over all the other
    axes: ``m`` values per channel, ``var = Σ(x - μ)²/m``.
    ``gamma``/``beta`` (shape (C,)) may be None (no scale / no shift).

    The running statistics (ndarrays of shape (C,), or Tensors whose data is
    updated; None keeps none) are updated in place with ``momentum`` in PyTorch's
    meaning (Keras's ``momentum`` is ``1 - momentum`` here):
    ``running_mean ← (1 - momentum)·running_mean + momentum·μ``,
    ``running_var ← (1 - momentum)·running_var + momentum·v`` with ``v = var·m/(m - 1)``
    (PyTorch, ``unbiased=True``) or ``v = var`` (Keras, ``unbiased=False``).

    Backward (sums and means over the reduced axes, per channel):
    ``dL/dx = (γ/σ) · (g - mean(g) - x̂ · mean(g · x̂))``,
    ``dL/dγ = Σ g · x̂``, ``dL/dβ = Σ g``.
    """
    op = "batch_norm"
    x, gamma_t, beta_t = _checked_inputs(x, gamma, beta, op, axis)
    axes, bshape, count = _channel_layout(x, axis)
    r_mean = _stat_array(running_mean, "running_mean", x.shape[axis], op)
    r_var = _stat_array(running_var, "running_var", x.shape[axis], op)
    if count <= 1:
        raise DataError(f"{op}: training needs more than one value per channel, got input of "
                        f"shape {x.shape}")
    dtype = x.dtype
    mean = x.array.mean(axis=axes, dtype=dtype)
    x_hat = x.array - mean.reshape(bshape)
    var = _channel_sum(x_hat * x_hat, axes) / count
    _update_running_statistics(r_mean, r_var, mean, var, count if unbiased else 0, momentum)
    inv_std, scale = _inverse_std_and_scale(var, gamma_t, eps, dtype)
    x_hat *= inv_std.reshape(bshape)  # a fresh array (x - μ): normalize it in place
    out = x_hat * gamma_t.array.astype(dtype, copy=False).reshape(bshape) if gamma_t is not None else x_hat.copy()
    if beta_t is not None:
        out += beta_t.array.astype(dtype, copy=False).reshape(bshape)

    def backward(g: np.ndarray) -> tuple:
        need_gamma = gamma_t is not None and gamma_t.requires_grad
        need_beta = beta_t is not None and beta_t.requires_grad
        sum_g_xhat = _channel_sum(g * x_hat, axes) if need_gamma or x.requires_grad else None
        sum_g = _channel_sum(g, axes) if need_beta or x.requires_grad else None
        gx = _input_gradient(g, x_hat, sum_g, sum_g_xhat, scale, count, bshape) if x.requires_grad else None
        return (gx, *_affine_grads(gamma_t, beta_t, sum_g_xhat if need_gamma else None,
                                   sum_g if need_beta else None))

    backward.eps = eps  # what create_graph's rule recomputes σ with (autograd/higher_order_nn.py)
    return make_result(out, _parents(x, gamma_t, beta_t), backward, op)


def batch_norm_inference(
    x: Any,
    gamma: Any,
    beta: Any,
    running_mean: Any,
    running_var: Any,
    eps: float = 1e-5,
    axis: int = 1,
) -> Tensor:
    """Batch normalization with the running statistics; the channels on ``axis`` (see
    :func:`batch_norm_training`).

    ``y = γ · (x - μ) / σ + β`` with ``μ = running_mean``, ``σ = √(running_var + eps)``
    (both of shape (C,), required), computed as ``y = x·(γ/σ) + (β - μ·γ/σ)``.
    ``gamma``/``beta`` (shape (C,)) may be None (no scale / no shift).

    The statistics are constants, so the backward is ``dL/dx = g · γ/σ``,
    ``dL/dγ = Σ g · x̂`` with ``x̂ = (x - μ)/σ``, ``dL/dβ = Σ g``.
    """
    op = "batch_norm"
    x, gamma_t, beta_t = _checked_inputs(x, gamma, beta, op, axis)
    axes, bshape, _ = _channel_layout(x, axis)
    r_mean = _stat_array(running_mean, "running_mean", x.shape[axis], op)
    r_var = _stat_array(running_var, "running_var", x.shape[axis], op)
    if r_mean is None or r_var is None:
        raise ConfigError(f"{op}: inference (training=False) needs running_mean and running_var")
    dtype = x.dtype
    mean = r_mean.astype(dtype)  # copies: later in-place updates must not change this graph
    inv_std, scale = _inverse_std_and_scale(r_var.astype(dtype), gamma_t, eps, dtype)
    shift = -mean * scale
    if beta_t is not None:
        shift += beta_t.array.astype(dtype, copy=False)
    out = x.array * scale.reshape(bshape)
    out += shift.reshape(bshape)

    def backward(g: np.ndarray) -> tuple:
        sum_g_xhat = sum_g = None
        if gamma_t is not None and gamma_t.requires_grad:
            x_hat = (x.array - mean.reshape(bshape)) * inv_std.reshape(bshape)
            sum_g_xhat = _channel_sum(g * x_hat, axes)
        if beta_t is not None and beta_t.requires_grad:
            sum_g = _channel_sum(g, axes)
        gx = g * scale.reshape(bshape) if x.requires_grad else None
        return (gx, *_affine_grads(gamma_t, beta_t, sum_g_xhat, sum_g))

    return make_result(out, _parents(x, gamma_t, beta_t), backward, op)


def _input_gradient(g: np.ndarray, x_hat: np.ndarray, sum_g: np.ndarray, sum_g_xhat: np.ndarray,
                    scale: np.ndarray, count: int, bshape: tuple[int, ...]) -> np.ndarray:
    """Batch norm's ``dL/dx = (γ/σ)·(g - mean(g) - x̂·mean(g·x̂))``, the means over the ``count`` values of each
    channel (``scale`` = γ/σ per channel, ``bshape`` its broadcasting shape)."""
    dtype = x_hat.dtype
    gx = x_hat * (sum_g_xhat * (-1.0 / count)).astype(dtype).reshape(bshape)
    gx += g
    gx -= (sum_g * (1.0 / count)).astype(dtype).reshape(bshape)
    gx *= scale.reshape(bshape)
    return gx


def batch_norm_training_reference(
    x: Any, gamma: Any = None, beta: Any = None, eps: float = 1e-5, axis: int = 1
) -> Tensor:
    """``γ · (x - mean(x)) / √(mean((x - mean(x))²) + eps) + β`` per channel, from mean, sub, mul, sqrt and div.

    The definition :func:`batch_norm_training` is tested against (it keeps no running statistics).
    """
    x = as_tensor(x)
    axes, bshape, _ = _channel_layout(x, axis)
    centered = x - x.mean(axis=axes, keepdims=True)
    x_hat = centered / ((centered * centered).mean(axis=axes, keepdims=True) + eps).sqrt()
    return _affine_reference(x_hat, gamma, beta, bshape)


def batch_norm_inference_reference(
    x: Any, gamma: Any, beta: Any, running_mean: np.ndarray, running_var: np.ndarray, eps: float = 1e-5,
    axis: int = 1,
) -> Tensor:
    """``γ · (x - running_mean) / √(running_var + eps) + β`` per channel, from sub, div, mul and add.

    The definition :func:`batch_norm_inference` is tested against.
    """
    x = as_tensor(x)
    _, bshape, _ = _channel_layout(x, axis)
    x_hat = (x - running_mean.reshape(bshape)) / np.sqrt(running_var.reshape(bshape) + eps)
    return _affine_reference(x_hat, gamma, beta, bshape)


def _affine_reference(x_hat: Tensor, gamma: Any, beta: Any, bshape: tuple[int, ...]) -> Tensor:
    y = x_hat if gamma is None else x_hat * as_tensor(gamma).reshape(bshape)
    return y if beta is None else y + as_tensor(beta).reshape(bshape)


def _update_running_statistics(
    r_mean: np.ndarray | None, r_var: np.ndarray | None, mean: np.ndarray, var: np.ndarray, count: int,
    momentum: float,
) -> None:
    """In place: ``running ← (1 - momentum)·running + momentum·batch`` for the mean and for the
    unbiased variance ``var·m/(m - 1)`` of ``m = count`` values per channel (``count = 0``: the
    biased ``var`` itself)."""
    if r_mean is not None:
        r_mean *= 1 - momentum
        r_mean += momentum * mean
    if r_var is not None:
        r_var *= 1 - momentum
        r_var += momentum * var * (count / (count - 1) if count else 1.0)


def _checked_inputs(
    x: Any, gamma: Any, beta: Any, op: str, axis: int = 1
) -> tuple[Tensor, Tensor | None, Tensor | None]:
    """``x`` with a batch axis and channels on ``axis`` (for ``axis=1``: (N, C) or (N, C, H, W)),
    and ``gamma``/``beta`` of shape (C,) or None, as Tensors."""
    x = as_tensor(x)
    if x.ndim < 2 or not -x.ndim <= axis < x.ndim or axis % x.ndim == 0:
        want = f"(N, C, ...) with at least 2 axes and channels on axis {axis}"
        raise ShapeError(f"{op}: expected input of shape {want}, got shape {x.shape}")
    c = x.shape[axis]
    params: list[Tensor | None] = []
    for name, value in (("gamma", gamma), ("beta", beta)):
        if value is not None:
            value = as_tensor(value)
            if value.shape != (c,):
                raise ShapeError(f"{op}: {name} must have shape ({c},) for input of shape {x.shape}, "
                                 f"got shape {value.shape}")
        params.append(value)
    return x, params[0], params[1]


def _channel_layout(x: Tensor, axis: int = 1) -> tuple[tuple[int, ...], tuple[int, ...], int]:
    """The reduced axes (all but ``axis``), the shape that broadcasts a per-channel value to ``x``,
    and the values per channel."""
    axis %= x.ndim
    c = x.shape[axis]
    axes = tuple(a for a in range(x.ndim) if a != axis)
    bshape = tuple(c if a == axis else 1 for a in range(x.ndim))
    return axes, bshape, x.array.size // c if c else 0


def _inverse_std_and_scale(
    var: np.ndarray, gamma: Tensor | None, eps: float, dtype: Any
) -> tuple[np.ndarray, np.ndarray]:
    """``1/σ = 1/√(var + eps)`` and the per-channel factor ``γ/σ`` (``1/σ`` without γ), in ``dtype``."""
    inv_std = (1.0 / np.sqrt(var + np.asarray(eps, dtype=dtype))).astype(dtype, copy=False)
    return inv_std, inv_std if gamma is None else inv_std * gamma.array.astype(dtype, copy=False)


def _affine_grads(gamma: Tensor | None, beta: Tensor | None, sum_g_xhat: Any, sum_g: Any) -> list:
    """``dL/dγ = Σ g·x̂`` and ``dL/dβ = Σ g`` for the affine parameters that are given (None: not needed)."""
    grads = []
    if gamma is not None:
        grads.append(None if sum_g_xhat is None else sum_g_xhat.astype(gamma.dtype, copy=False))
    if beta is not None:
        grads.append(None if sum_g is None else sum_g.astype(beta.dtype, copy=False))
    return grads


def _parents(x: Tensor, gamma: Tensor | None, beta: Tensor | None) -> tuple[Tensor, ...]:
    return tuple(p for p in (x, gamma, beta) if p is not None)


def dropout_mask(shape: tuple[int, ...], rate: float, dtype: Any, rng: Any = None) -> np.ndarray:
    """Inverted dropout's mask ``[u ≥ rate] / (1 - rate)``, ``u ~ U[0, 1)`` from ``rng`` (a
    ``numpy.random.Generator``, or a seed); all zeros for ``rate = 1``. From torch's stream (a
    :class:`~ligero.torch_generator.TorchGenerator`), torch's: ``[u < 1 - rate]``, divided by ``1 - rate``
    in the dtype's arithmetic."""
    if rate == 1.0:
        return np.zeros(shape, dtype=dtype)
    if isinstance(rng, TorchGenerator):
        keep_rate = np.asarray(1.0 - rate, dtype=dtype)
        return rng.bernoulli(shape, 1.0 - rate).astype(dtype) / keep_rate
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    draw_dtype = np.float32 if dtype == np.float32 else np.float64  # Generator.random's dtypes
    keep = gen.random(shape, dtype=draw_dtype) >= rate
    return keep.astype(dtype) * np.asarray(1.0 / (1.0 - rate), dtype=dtype)


def dropout(x: Any, rate: float, training: bool, rng: Any = None) -> Tensor:
    """Inverted dropout: in training each value is kept with probability ``1 - rate`` and
    scaled by ``1/(1 - rate)`` (zeroed otherwise), so ``E[y] = x``; in inference ``y = x``.

    ``y = x ⊙ mask`` with ``mask = [u ≥ rate] / (1 - rate)``, ``u ~ U[0, 1)`` drawn
    from ``rng``: a ``numpy.random.Generator`` (what a layer should pass, so that
    every step draws a new mask and one seed fixes the whole run), or a seed
    (the same seed gives the same mask). Backward: ``dL/dx = g ⊙ mask``.
    ``rate = 1`` drops everything (y = 0); in inference, or with ``rate = 0``,
    ``x`` itself is returned.
    """
    x = as_tensor(x)
    rate = float(rate)
    if not 0.0 <= rate <= 1.0:
        raise ConfigError(f"dropout: rate must be in [0, 1], got {rate}")
    if not training or rate == 0.0:
        return x
    mask = dropout_mask(x.shape, rate, x.dtype, rng)
    out = x.array * mask
    return make_result(out, (x,), lambda g: (g * mask,), "dropout")
