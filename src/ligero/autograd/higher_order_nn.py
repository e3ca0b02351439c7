"""Differentiable backward rules (``create_graph=True``) of the fused network ops: convolution,
pooling, layer and batch normalization.

Each rule writes the op's gradient with differentiable ops, as those of
:mod:`ligero.autograd.higher_order`: the convolution's gradients are convolutions (so they can be
differentiated again, to any order), the poolings route ``g`` with a constant window scatter, and
the normalizations recompute their statistics as Tensors. Parameters come from the NumPy rule's
closure (``geo``, ``winner``, ``scale``, ``axes``, ``inv_std``, ...); the normalizations' ``eps`` is an
attribute of that rule (``backward.eps``), so their σ is recomputed exactly.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import ops
from ligero.autograd.higher_order import RULES, scatter
from ligero.ops import shape as _shape
from ligero.ops.resize import axis_map
from ligero.tensor import Tensor


def _const(array: Any, like: Tensor) -> Tensor:
    """A constant (no graph) in ``like``'s dtype."""
    return Tensor(np.asarray(array, dtype=like.array.dtype))


def _flat_zero(a: Tensor) -> Tensor:
    """``0·a``: keeps a gradient that is linear in ``g`` a function of ``a`` (so differentiating it
    again gives zeros, as torch, instead of 'not used')."""
    return ops.mul(a, 0.0)


# ---------------------------------------------------------------------------- conv2d

def _placed(g: Tensor, shape: tuple[int, ...], start: tuple[int, int], step: tuple[int, int]) -> Tensor:
    """Zeros of ``shape`` (N, C, H, W) with ``g`` at rows ``start[0] + step[0]·p``, columns
    ``start[1] + step[1]·q`` (zero padding and stride dilation in one differentiable scatter)."""
    oh, ow = g.shape[2:]
    index = (slice(None), slice(None), slice(start[0], start[0] + step[0] * (oh - 1) + 1, step[0]),
             slice(start[1], start[1] + step[1] * (ow - 1) + 1, step[1]))
    return scatter(g, index, shape)


def conv2d_input_grad(g: Tensor, weight: Tensor, geo: Any) -> Tensor:
    """``dL/dx`` of ``y = conv2d(x, W)``: the transposed convolution of ``g`` with ``W``.

    ``g`` dilated by the stride and padded by ``k - 1`` is convolved with the flipped kernel
    ``W[f, c, kh-1-i, kw-1-j]`` as (C, F, kh, kw): ``dxpad[u, v] = Σ_{f,p,q} g[p, q]·W[u - p·sh, v - q·sw]``,
    over the padded image, then cropped to the input.
    """
    n, f = g.shape[:2]
    spread = _placed(g, (n, f, geo.hp + geo.kh - 1, geo.wp + geo.kw - 1), (geo.kh - 1, geo.kw - 1),
                     (geo.sh, geo.sw))
    flipped = ops.transpose(ops.getitem(weight, (slice(None), slice(None), slice(None, None, -1),
                                                 slice(None, None, -1))), (1, 0, 2, 3))
    dpad = ops.conv2d(spread, flipped)
    return ops.getitem(dpad, (slice(None), slice(None), slice(geo.top, geo.top + geo.h),
                              slice(geo.left, geo.left + geo.w)))


def conv2d_weight_grad(g: Tensor, x: Tensor, geo: Any) -> Tensor:
    """``dL/dW[f, c, i, j] = Σ_{n,p,q} g[n, f, p, q]·xpad[n, c, p·sh + i, q·sw + j]``: the padded input
    as (C, N, Hp, Wp) convolved with the stride-dilated ``g`` as (F, N, ·, ·), its first kh × kw taps."""
    n, f, oh, ow = g.shape
    xpad = _placed(x, (n, geo.c, geo.hp, geo.wp), (geo.top, geo.left), (1, 1)) if geo.padded else x
    dilated = _placed(g, (n, f, geo.sh * (oh - 1) + 1, geo.sw * (ow - 1) + 1), (0, 0), (geo.sh, geo.sw))
    taps = ops.conv2d(ops.transpose(xpad, (1, 0, 2, 3)), ops.transpose(dilated, (1, 0, 2, 3)))
    return ops.transpose(ops.getitem(taps, (slice(None), slice(None), slice(0, geo.kh), slice(0, geo.kw))),
                         (1, 0, 2, 3))


def _conv2d(node: Tensor, g: Tensor, env: dict) -> tuple:
    """``(dL/dx, dL/dW[, dL/db])`` of :func:`ligero.ops.conv.conv2d`, each a convolution (``dL/db = Σ g``)."""
    x, weight, geo = env["x"], env["weight"], env["geo"]
    gx = conv2d_input_grad(g, weight, geo) if x.requires_grad else None
    gw = conv2d_weight_grad(g, x, geo) if weight.requires_grad else None
    if len(node._parents) == 2:
        return gx, gw
    return gx, gw, ops.sum(g, (0, 2, 3)) if node._parents[2].requires_grad else None


def _axis_map(node: Tensor, g: Tensor, env: dict) -> tuple:
    """``y = M ·_axis x`` (padding, stride dilation, resizing): ``dL/dx = Mᵀ ·_axis g``."""
    return (axis_map(g, env["m"].T, env["axis"]),)


# ---------------------------------------------------------------------------- pooling

def window_scatter(parts: Tensor, geo: Any) -> Tensor:
    """``dx[n, c, p·sh + i·dh, q·sw + j·dw] += parts[t, n, c, p, q]`` over the taps ``t = i·kw + j``,
    cropped from the padded image to the input (differentiable; the adjoint of the window views)."""
    taps = np.arange(geo.kh * geo.kw)
    rows = (taps // geo.kw * geo.dh)[:, None] + np.arange(geo.oh) * geo.sh
    cols = (taps % geo.kw * geo.dw)[:, None] + np.arange(geo.ow) * geo.sw
    index = (np.arange(geo.n).reshape(1, -1, 1, 1, 1), np.arange(geo.c).reshape(1, 1, -1, 1, 1),
             rows.reshape(len(taps), 1, 1, geo.oh, 1), cols.reshape(len(taps), 1, 1, 1, geo.ow))
    dpad = scatter(parts, index, (geo.n, geo.c, geo.hp, geo.wp))
    if not geo.padded:
        return dpad
    return ops.getitem(dpad, (slice(None), slice(None), slice(geo.top, geo.top + geo.h),
                              slice(geo.left, geo.left + geo.w)))


def _per_tap(g: Tensor, taps: int) -> Tensor:
    return _shape.expand(_shape.unsqueeze(g, 0), (taps, *g.shape))


def _avg_pool2d(node: Tensor, g: Tensor, env: dict) -> tuple:
    """Every element of a window gets ``g/D`` (``D`` the window's divisor, ``scale = 1/D``)."""
    geo, x = env["geo"], node._parents[0]
    share = g * _const(env["scale"], g)
    return (window_scatter(_per_tap(share, geo.kh * geo.kw), geo) + _flat_zero(x),)


def _max_pool2d(node: Tensor, g: Tensor, env: dict) -> tuple:
    """``g`` routed to each window's winner: a constant one-hot over the taps (``winner``), or for
    exactly tiling windows ``g`` repeated over its kh × kw block times the winners' mask."""
    x = node._parents[0]
    if "winner" in env:
        geo, taps = env["geo"], env["geo"].kh * env["geo"].kw
        onehot = env["winner"][None] == np.arange(taps).reshape(-1, 1, 1, 1, 1)
        return (window_scatter(_per_tap(g, taps) * _const(onehot, g), geo) + _flat_zero(x),)
    n, c, h, w = x.shape
    oh, ow = node.shape[2:]
    kh, kw = h // oh, w // ow
    mask = node._backward(np.ones(node.shape, dtype=node.array.dtype))[0] != 0
    blocks = _shape.expand(ops.reshape(g, (n, c, oh, 1, ow, 1)), (n, c, oh, kh, ow, kw))
    return (ops.reshape(blocks, x.shape) * _const(mask, g) + _flat_zero(x),)


# ---------------------------------------------------------------------- normalization

def _standardized(x: Tensor, axes: tuple[int, ...], eps: float) -> tuple[Tensor, Tensor]:
    """``(x̂, 1/σ)`` as Tensors: ``x̂ = (x - μ)/σ``, ``σ = √(mean((x - μ)²) + eps)`` over ``axes``."""
    centred = x - ops.mean(x, axes, True)
    inv_std = ops.reciprocal(ops.sqrt(ops.mean(centred * centred, axes, True) + _const(eps, x)))
    return centred * inv_std, inv_std


def _normalized_grad(g: Tensor, x_hat: Tensor, inv_std: Tensor, axes: tuple[int, ...]) -> Tensor:
    """``dL/dx = (g - mean(g) - x̂·mean(g·x̂)) / σ`` (means over ``axes``)."""
    return (g - ops.mean(g, axes, True) - x_hat * ops.mean(g * x_hat, axes, True)) * inv_std


def _normalize(node: Tensor, g: Tensor, env: dict) -> tuple:
    """:func:`ligero.ops.layer_norm.normalize_trailing` (layer and group norm's fused node)."""
    (x,) = node._parents
    x_hat, inv_std = _standardized(x, env["axes"], node._backward.eps)
    return (_normalized_grad(g, x_hat, inv_std, env["axes"]),)


def _batch_norm(node: Tensor, g: Tensor, env: dict) -> tuple:
    """Batch norm ``y = γ·x̂ + β``. Training (the batch's statistics):
    ``dL/dx = γ·(g - mean(g) - x̂·mean(g·x̂))/σ``; inference (constant running statistics):
    ``dL/dx = γ·g/σ``. Both: ``dL/dγ = Σ g·x̂``, ``dL/dβ = Σ g`` (over all axes but the channels')."""
    x, gamma, beta, axes, bshape = env["x"], env["gamma_t"], env["beta_t"], env["axes"], env["bshape"]
    if "count" in env:  # training
        x_hat, inv_std_t = _standardized(x, axes, node._backward.eps)
        gx = _normalized_grad(g, x_hat, inv_std_t, axes) if x.requires_grad else None
    else:
        inv_std_t = _const(env["inv_std"].reshape(bshape), x)
        x_hat = (x - _const(env["mean"].reshape(bshape), x)) * inv_std_t
        gx = g * inv_std_t if x.requires_grad else None
    grads = [None if gx is None else gx if gamma is None else gx * ops.reshape(gamma, bshape)]
    if gamma is not None:
        grads.append(ops.sum(g * x_hat, axes) if gamma.requires_grad else None)
    if beta is not None:
        grads.append(ops.sum(g, axes) if beta.requires_grad else None)
    return tuple(grads)


RULES.update({"conv2d": _conv2d, "axis_map": _axis_map, "avg_pool2d": _avg_pool2d, "max_pool2d": _max_pool2d,
              "normalize": _normalize, "batch_norm": _batch_norm})
