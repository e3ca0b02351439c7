"""Batch normalization and dropout: the layers that behave differently in training and inference."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.errors import ConfigError, DataError, ShapeError
from ligero.tensor import Tensor, as_tensor, make_result

__all__ = ["batch_norm", "dropout"]


def _stat_array(value: Any, name: str, channels: int, op: str) -> np.ndarray | None:
    """A running statistic as the ndarray to update in place (a Tensor's own data)."""
    if value is None:
        return None
    arr = value.data if isinstance(value, Tensor) else value
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
) -> Tensor:
    """Batch normalization of (N, C) features or (N, C, H, W) images, per channel ``c``.

    ``y = γ · x̂ + β`` with ``x̂ = (x - μ) / σ`` and ``σ = √(var + eps)``, where

    * training: ``μ``, ``var`` are the batch's mean and *biased* variance over the
      N (and H, W) axes: ``m = N·H·W`` values per channel, ``var = Σ(x - μ)²/m``.
      The running statistics are then updated in place, as PyTorch does, with
      the *unbiased* variance: ``running_mean ← (1 - momentum)·running_mean + momentum·μ``,
      ``running_var ← (1 - momentum)·running_var + momentum·var·m/(m - 1)``.
    * inference (``training=False``): ``μ = running_mean``, ``var = running_var``.

    ``gamma``/``beta`` (shape (C,)) may be None (no scale / no shift);
    ``running_mean``/``running_var`` are ndarrays (or Tensors, whose data is
    updated) of shape (C,), or None in training to keep no running statistics.

    Backward (training; sums and means over the reduced axes, per channel):
    ``dL/dx = (γ/σ) · (g - mean(g) - x̂ · mean(g · x̂))``,
    ``dL/dγ = Σ g · x̂``, ``dL/dβ = Σ g``. In inference the statistics are
    constants, so ``dL/dx = g · γ/σ``.
    """
    op = "batch_norm"
    x = as_tensor(x)
    if x.ndim not in (2, 4):
        raise ShapeError(f"{op}: expected input of shape (N, C) or (N, C, H, W), got shape {x.shape}")
    c = x.shape[1]
    axes = (0,) if x.ndim == 2 else (0, 2, 3)
    bshape = (1, c) if x.ndim == 2 else (1, c, 1, 1)  # per-channel values broadcast to x
    count = x.size // c if c else 0
    params: list[Tensor | None] = []
    for name, value in (("gamma", gamma), ("beta", beta)):
        if value is None:
            params.append(None)
            continue
        value = as_tensor(value)
        if value.shape != (c,):
            raise ShapeError(f"{op}: {name} must have shape ({c},) for input of shape {x.shape}, "
                             f"got shape {value.shape}")
        params.append(value)
    gamma_t, beta_t = params
    r_mean = _stat_array(running_mean, "running_mean", c, op)
    r_var = _stat_array(running_var, "running_var", c, op)
    dtype = x.dtype
    data = x.data

    if training:
        if count <= 1:
            raise DataError(f"{op}: training needs more than one value per channel, got input of "
                            f"shape {x.shape}")
        mean = data.mean(axis=axes, dtype=dtype)
        centered = data - mean.reshape(bshape)
        var = _channel_sum(centered * centered, axes) / count
        if r_mean is not None:
            r_mean *= 1 - momentum
            r_mean += momentum * mean
        if r_var is not None:
            r_var *= 1 - momentum
            r_var += momentum * var * (count / (count - 1))
    else:
        if r_mean is None or r_var is None:
            raise ConfigError(f"{op}: inference (training=False) needs running_mean and running_var")
        mean = r_mean.astype(dtype)  # copies: later in-place updates must not change this graph
        var = r_var.astype(dtype)
    inv_std = (1.0 / np.sqrt(var + np.asarray(eps, dtype=dtype))).astype(dtype, copy=False)
    gamma_v = None if gamma_t is None else gamma_t.data.astype(dtype, copy=False)
    scale = inv_std if gamma_v is None else inv_std * gamma_v  # γ/σ per channel
    if training:
        x_hat = centered
        x_hat *= inv_std.reshape(bshape)  # centered is a fresh array: normalize it in place
        out = x_hat * gamma_v.reshape(bshape) if gamma_v is not None else x_hat.copy()
        if beta_t is not None:
            out += beta_t.data.astype(dtype, copy=False).reshape(bshape)
    else:  # fold the constants: y = x·(γ/σ) + (β - μ·γ/σ)
        x_hat = None
        shift = -mean * scale
        if beta_t is not None:
            shift += beta_t.data.astype(dtype, copy=False)
        out = data * scale.reshape(bshape)
        out += shift.reshape(bshape)

    parents = tuple(p for p in (x, gamma_t, beta_t) if p is not None)

    def backward(g: np.ndarray) -> tuple:
        need_gamma = gamma_t is not None and gamma_t.requires_grad
        need_beta = beta_t is not None and beta_t.requires_grad
        full_dx = x.requires_grad and training
        sum_g_xhat = None
        if need_gamma or full_dx:
            xh = x_hat if x_hat is not None else (data - mean.reshape(bshape)) * inv_std.reshape(bshape)
            sum_g_xhat = _channel_sum(g * xh, axes)
        sum_g = _channel_sum(g, axes) if need_beta or full_dx else None
        gx = None
        if x.requires_grad:
            if training:  # (γ/σ)·(g - mean(g) - x̂·mean(g·x̂))
                gx = x_hat * (sum_g_xhat * (-1.0 / count)).astype(dtype).reshape(bshape)
                gx += g
                gx -= (sum_g * (1.0 / count)).astype(dtype).reshape(bshape)
                gx *= scale.reshape(bshape)
            else:
                gx = g * scale.reshape(bshape)
        result = [gx]
        if gamma_t is not None:
            result.append(sum_g_xhat.astype(gamma_t.dtype, copy=False) if need_gamma else None)
        if beta_t is not None:
            result.append(sum_g.astype(beta_t.dtype, copy=False) if need_beta else None)
        return tuple(result)

    return make_result(out, parents, backward, op)


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
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    draw_dtype = np.float32 if x.dtype == np.float32 else np.float64  # Generator.random's dtypes
    if rate == 1.0:
        mask = np.zeros(x.shape, dtype=x.dtype)
    else:
        keep = gen.random(x.shape, dtype=draw_dtype) >= rate
        mask = keep.astype(x.dtype) * np.asarray(1.0 / (1.0 - rate), dtype=x.dtype)
    out = x.data * mask
    return make_result(out, (x,), lambda g: (g * mask,), "dropout")
