"""The loss functions of ``torch.nn.functional``, ``loss(input, target, ..., reduction='mean')``.

Each computes the per-element (or per-sample) loss from differentiable ops and
reduces it (``'mean'``, ``'sum'`` or ``'none'``); class-index cross-entropy on
(N, C) logits without weights, ignored indices or smoothing goes to the fused
softmax + cross-entropy op (:func:`ligero.ops.fused.cross_entropy`).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ligero import ops
from ligero.grad_fn import present
from ligero.ops import activation as act
from ligero.ops.fused import cross_entropy as fused_cross_entropy
from ligero.ops.fused import mse_loss as fused_mse_loss
from ligero.tensor import Tensor, as_tensor


def _one_node(label: str, inputs: int) -> Any:
    """Show the loss as the one node torch records (``MseLossBackward0`` over its first ``inputs``
    arguments), whatever ops compute it (see :func:`ligero.grad_fn.present`)."""
    def wrap(loss: Any) -> Any:
        @functools.wraps(loss)
        def shown(*args: Any, **kwargs: Any) -> Tensor:
            out = loss(*args, **kwargs)
            shown_inputs = tuple(as_tensor(a) for a in args[:inputs])
            return out if out.op == "cross_entropy" else present(out, label, shown_inputs)
        return shown
    return wrap


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return ops.mean(loss)
    if reduction == "sum":
        return ops.sum(loss)
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _pair(input: Any, target: Any, op: str) -> tuple[Tensor, Tensor]:  # noqa: A002
    x, t = as_tensor(input), as_tensor(target)
    if x.shape != t.shape:
        try:
            np.broadcast_shapes(x.shape, t.shape)
        except ValueError:
            raise RuntimeError(f"{op}: the size of input {list(x.shape)} must match the size of target "
                               f"{list(t.shape)}") from None
    return x, t


def mse_loss(input: Any, target: Any, reduction: str = "mean") -> Tensor:  # noqa: A002
    """``(x - y)²`` per element; of one shape and float dtype, reduced, the one fused node
    :func:`ligero.ops.fused.mse_loss`."""
    x, t = as_tensor(input), as_tensor(target)
    xa, ta = x.array, t.array
    if (xa.shape == ta.shape and xa.dtype == ta.dtype and xa.dtype.kind == "f" and xa.size
            and reduction in ("mean", "sum")):
        return fused_mse_loss(x, t, reduction)
    x, t = _pair(x, t, "mse_loss")  # shapes that broadcast, dtypes to promote, 'none', or a bad reduction
    d = ops.sub(x, t)
    return present(_reduce(ops.mul(d, d), reduction), "mse_loss", (x, t))


def l1_loss(input: Any, target: Any, reduction: str = "mean") -> Tensor:  # noqa: A002
    """``|x - y|`` per element."""
    x, t = _pair(input, target, "l1_loss")
    return _reduce(ops.abs(ops.sub(x, t)), reduction)


@_one_node("smooth_l1_loss", 2)
def smooth_l1_loss(input: Any, target: Any, reduction: str = "mean", beta: float = 1.0) -> Tensor:  # noqa: A002
    """``0.5·d²/β`` where ``|d| < β``, else ``|d| - 0.5·β`` (``d = x - y``; β = 0 is L1)."""
    x, t = _pair(input, target, "smooth_l1_loss")
    d = ops.abs(ops.sub(x, t))
    if beta == 0:
        return _reduce(d, reduction)
    quad = ops.mul(ops.mul(d, d), 0.5 / beta)
    return _reduce(ops.where(d.array < beta, quad, ops.sub(d, 0.5 * beta)), reduction)


@_one_node("huber_loss", 2)
def huber_loss(input: Any, target: Any, reduction: str = "mean", delta: float = 1.0) -> Tensor:  # noqa: A002
    """``0.5·d²`` where ``|d| < δ``, else ``δ·(|d| - 0.5·δ)``: smooth L1 times δ."""
    x, t = _pair(input, target, "huber_loss")
    d = ops.abs(ops.sub(x, t))
    quad = ops.mul(ops.mul(d, d), 0.5)
    return _reduce(ops.where(d.array < delta, quad, ops.mul(ops.sub(d, 0.5 * delta), delta)), reduction)


def _clamped_log(p: Tensor) -> Tensor:
    """``log p`` clamped at -100, as PyTorch's binary cross-entropy."""
    return ops.maximum(ops.log(p), -100.0)


@_one_node("binary_cross_entropy", 2)
def binary_cross_entropy(input: Any, target: Any, weight: Any = None, reduction: str = "mean") -> Tensor:  # noqa: A002
    """``-w·(y·log p + (1 - y)·log(1 - p))`` on probabilities ``p`` (logs clamped at -100)."""
    p, t = _pair(input, target, "binary_cross_entropy")
    if p.array.size and (p.array.min() < 0 or p.array.max() > 1):
        raise RuntimeError("all elements of input should be between 0 and 1")
    loss = ops.neg(ops.add(ops.mul(t, _clamped_log(p)), ops.mul(ops.sub(1.0, t), _clamped_log(ops.sub(1.0, p)))))
    if weight is not None:
        loss = ops.mul(loss, weight)
    return _reduce(loss, reduction)


@_one_node("binary_cross_entropy_with_logits", 2)
def binary_cross_entropy_with_logits(input: Any, target: Any, weight: Any = None, reduction: str = "mean",  # noqa: A002
                                     pos_weight: Any = None) -> Tensor:
    """``-w·(pw·y·log σ(z) + (1 - y)·log(1 - σ(z)))``, stably from the logits ``z``
    (``log σ(z) = -softplus(-z)``, ``log(1 - σ(z)) = -softplus(z)``)."""
    z, t = _pair(input, target, "binary_cross_entropy_with_logits")
    log_p = act.logsigmoid(z)
    log_not_p = act.logsigmoid(ops.neg(z))
    positive = ops.mul(t, log_p) if pos_weight is None else ops.mul(ops.mul(t, pos_weight), log_p)
    loss = ops.neg(ops.add(positive, ops.mul(ops.sub(1.0, t), log_not_p)))
    if weight is not None:
        loss = ops.mul(loss, weight)
    return _reduce(loss, reduction)


def _class_axis_last(x: Tensor) -> Tensor:
    """(N, C, d1, ...) as (N·d1·..., C); (C,) as (1, C)."""
    if x.ndim == 1:
        return ops.reshape(x, (1, x.shape[0]))
    if x.ndim == 2:
        return x
    perm = (0, *range(2, x.ndim), 1)
    return ops.reshape(ops.transpose(x, perm), (-1, x.shape[1]))


def _labels(target: Any) -> np.ndarray:
    t = target.array if isinstance(target, Tensor) else np.asarray(target)
    return t.reshape(-1)


@_one_node("nll_loss", 1)
def nll_loss(input: Any, target: Any, weight: Any = None, ignore_index: int = -100,  # noqa: A002
             reduction: str = "mean") -> Tensor:
    """``-w[y_n]·x[n, y_n]`` per sample on log-probabilities ``x`` (N, C) or (N, C, d1, ...);
    'mean' divides by the sum of the weights of the targets not ignored."""
    x = as_tensor(input)
    flat = _class_axis_last(x)
    labels = _labels(target)
    return _weighted_pick(flat, labels, weight, ignore_index, reduction, _target_shape(x, target))


def _target_shape(x: Tensor, target: Any) -> tuple[int, ...]:
    return tuple(np.shape(target.array if isinstance(target, Tensor) else target)) if x.ndim > 1 else ()


def _weighted_pick(logp: Tensor, labels: np.ndarray, weight: Any, ignore_index: int, reduction: str,
                   shape: tuple[int, ...]) -> Tensor:
    if labels.dtype.kind not in "iu":
        raise RuntimeError(f"expected scalar type Long but found {labels.dtype} (class-index targets must be integers)")
    c = logp.shape[1]
    keep = labels != ignore_index
    if np.any((labels[keep] < 0) | (labels[keep] >= c)):
        bad = labels[keep][(labels[keep] < 0) | (labels[keep] >= c)][0]
        raise IndexError(f"Target {bad} is out of bounds: class-index targets must be in [0, {c})")
    safe = np.where(keep, labels, 0)
    dtype = logp.array.dtype
    w = np.ones(c, dtype=dtype) if weight is None else np.asarray(as_tensor(weight).array, dtype=dtype)
    per = w[safe] * keep
    picked = ops.getitem(logp, (np.arange(len(safe)), safe))
    loss = ops.mul(ops.neg(picked), per.astype(logp.array.dtype))
    if reduction == "none":
        return ops.reshape(loss, shape)
    if reduction == "sum":
        return ops.sum(loss)
    if reduction == "mean":
        return ops.div(ops.sum(loss), np.asarray(per.sum(), dtype=logp.array.dtype))
    raise ValueError(f"{reduction} is not a valid value for reduction")


@_one_node("cross_entropy", 1)
def cross_entropy(input: Any, target: Any, weight: Any = None, ignore_index: int = -100,  # noqa: A002
                  reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    """Softmax + negative log-likelihood of (N, C) or (N, C, d1, ...) logits.

    Class-index targets (integers, shape (N,) or (N, d1, ...)) or class
    probabilities (the shape of the input). With ``label_smoothing`` ε the target
    becomes ``(1 - ε)·y + ε/C``; with ``weight`` each class's terms are weighted
    and 'mean' divides by the summed weights of the targets, as PyTorch.
    """
    x = as_tensor(input)
    t = target.array if isinstance(target, Tensor) else np.asarray(target)
    probabilities = t.dtype.kind == "f"
    if (x.ndim == 2 and not probabilities and weight is None and label_smoothing == 0.0
            and reduction in ("mean", "sum", "none") and not np.any(t == ignore_index)):
        _check_labels(t, x.shape[1])
        return fused_cross_entropy(x, t.astype(np.int64, copy=False), reduction)
    flat = _class_axis_last(x)
    logp = ops.log_softmax(flat, -1)
    c = flat.shape[1]
    if probabilities:
        if t.shape != x.shape:
            raise RuntimeError(f"cross_entropy: probability targets of shape {list(t.shape)} must have the "
                               f"input's shape {list(x.shape)}")
        dense = _class_axis_last(as_tensor(t.astype(x.array.dtype))).array
        if label_smoothing:
            dense = dense * (1 - label_smoothing) + label_smoothing / c
        w = 1.0 if weight is None else as_tensor(weight).array.astype(x.array.dtype)
        per = ops.neg(ops.sum(ops.mul(logp, (dense * w).astype(x.array.dtype)), -1))
        shape = (x.shape[0], *x.shape[2:]) if x.ndim > 1 else ()
        loss = ops.reshape(per, shape)
        if reduction == "mean":
            return ops.div(ops.sum(loss), float(max(per.shape[0], 1)))
        return _reduce(loss, reduction)
    nll = _weighted_pick(logp, t.reshape(-1), weight, ignore_index, reduction, _target_shape(x, t))
    if not label_smoothing:
        return nll
    return ops.add(ops.mul(nll, 1 - label_smoothing),
                   ops.mul(_smooth_term(logp, t.reshape(-1), weight, ignore_index, reduction, x, t),
                           label_smoothing / c))


def _smooth_term(logp: Tensor, labels: np.ndarray, weight: Any, ignore_index: int, reduction: str, x: Tensor,
                 t: np.ndarray) -> Tensor:
    """``-Σ_c w_c·log p_c`` per sample (the uniform part of a smoothed target), reduced as the NLL part."""
    keep = (labels != ignore_index).astype(logp.array.dtype)
    w = np.ones(logp.shape[1], logp.array.dtype) if weight is None else as_tensor(weight).array.astype(logp.array.dtype)
    per = ops.mul(ops.neg(ops.sum(ops.mul(logp, w), -1)), keep)
    if reduction == "none":
        return ops.reshape(per, _target_shape(x, t))
    if reduction == "sum":
        return ops.sum(per)
    safe = np.where(labels != ignore_index, labels, 0)
    return ops.div(ops.sum(per), np.asarray((w[safe] * keep).sum(), dtype=logp.array.dtype))


def _check_labels(t: np.ndarray, c: int) -> None:
    if t.dtype.kind not in "iu":
        raise RuntimeError(f"expected scalar type Long but found {t.dtype} (class-index targets must be integers)")
    if t.size and (t.min() < 0 or t.max() >= c):
        bad = t[(t < 0) | (t >= c)].reshape(-1)[0]
        raise IndexError(f"Target {bad} is out of bounds: class-index targets must be in [0, {c})")


def kl_div(input: Any, target: Any, reduction: str = "mean", log_target: bool = False) -> Tensor:  # noqa: A002
    """``y·(log y - x)`` per element, ``x`` log-probabilities (``exp(y)·(y - x)`` with ``log_target``);
    'batchmean' divides the sum by the batch size (the true KL divergence)."""
    x, t = _pair(input, target, "kl_div")
    if log_target:
        loss = ops.mul(ops.exp(t), ops.sub(t, x))
    else:
        safe_log = np.log(np.where(t.array > 0, t.array, 1)).astype(x.array.dtype)
        loss = ops.mul(t, ops.sub(safe_log, x))
    if reduction == "batchmean":
        return ops.div(ops.sum(loss), float(x.shape[0] if x.ndim else 1))
    return _reduce(loss, reduction)


def multi_margin_loss(input: Any, target: Any, p: int = 1, margin: float = 1.0, weight: Any = None,  # noqa: A002
                      reduction: str = "mean") -> Tensor:
    """``Σ_{i≠y} max(0, margin - x[y] + x[i])^p / C`` per sample (weighted by ``weight[y]``)."""
    x = as_tensor(input)
    labels = _labels(target)
    n, c = x.shape if x.ndim == 2 else (1, x.shape[0])
    x2 = ops.reshape(x, (n, c))
    picked = ops.reshape(ops.getitem(x2, (np.arange(n), labels)), (n, 1))
    hinge = ops.relu(ops.add(ops.sub(x2, picked), margin))
    if p == 2:
        hinge = ops.mul(hinge, hinge)
    mask = np.ones((n, c), dtype=x.array.dtype)
    mask[np.arange(n), labels] = 0
    if weight is not None:
        mask *= as_tensor(weight).array[labels][:, None]
    per = ops.div(ops.sum(ops.mul(hinge, mask), 1), float(c))
    return _reduce(per if x.ndim == 2 else ops.reshape(per, ()), reduction)


def cosine_embedding_loss(input1: Any, input2: Any, target: Any, margin: float = 0.0,
                          reduction: str = "mean") -> Tensor:
    """``1 - cos(x1, x2)`` where y = 1, ``max(0, cos(x1, x2) - margin)`` where y = -1."""
    from ligero.nn.functional import cosine_similarity

    cos = cosine_similarity(input1, input2, dim=-1, eps=1e-8)
    y = as_tensor(target).array
    loss = ops.where(y > 0, ops.sub(1.0, cos), ops.relu(ops.sub(cos, margin)))
    return _reduce(loss, reduction)


def gaussian_nll_loss(input: Any, target: Any, var: Any, full: bool = False, eps: float = 1e-6,  # noqa: A002
                      reduction: str = "mean") -> Tensor:
    """``½(log v + (x − y)²/v)`` (+ ``½ log 2π`` with ``full``), ``v = max(var, eps)``: the clamp is
    applied to the value only, the gradient passes through as if unclamped (as torch)."""
    x, t = _pair(input, target, "gaussian_nll_loss")
    v = as_tensor(var)
    if v.ndim == x.ndim - 1 or (v.ndim == x.ndim and v.shape[-1] == 1 and x.shape[-1] != 1):
        v = v if v.ndim == x.ndim else ops.unsqueeze(v, -1)
    if np.any(v.array < 0):
        raise ValueError("var has negative entry/entries")
    v = ops.add(v, np.maximum(v.array, eps) - v.array)  # the clamp as a constant offset
    d = ops.sub(x, t)
    loss = ops.mul(ops.add(ops.log(v), ops.div(ops.mul(d, d), v)), 0.5)
    if full:
        loss = ops.add(loss, 0.5 * np.log(2 * np.pi))
    return _reduce(loss, reduction)


def poisson_nll_loss(input: Any, target: Any, log_input: bool = True, full: bool = False,  # noqa: A002
                     eps: float = 1e-8, reduction: str = "mean") -> Tensor:
    """``eˣ − y·x`` (``log_input``) or ``x − y·log(x + eps)``; with ``full`` Stirling's
    ``y·log y − y + ½ log(2πy)`` added where y > 1."""
    x, t = _pair(input, target, "poisson_nll_loss")
    loss = ops.sub(ops.exp(x), ops.mul(t, x)) if log_input else ops.sub(x, ops.mul(t, ops.log(ops.add(x, eps))))
    if full:
        y = t.array
        safe = np.where(y > 1, y, 1.0)
        stirling = np.where(y > 1, safe * np.log(safe) - safe + 0.5 * np.log(2 * np.pi * safe), 0.0)
        loss = ops.add(loss, stirling.astype(x.array.dtype))
    return _reduce(loss, reduction)


def triplet_margin_loss(anchor: Any, positive: Any, negative: Any, margin: float = 1.0, p: float = 2.0,
                        eps: float = 1e-6, swap: bool = False, reduction: str = "mean") -> Tensor:
    """``max(d(a, p) − d(a, n) + margin, 0)``, ``d`` the pairwise p-distance (``swap``: the smaller of
    d(a, n) and d(p, n))."""
    from ligero.nn.functional import pairwise_distance

    d_pos = pairwise_distance(anchor, positive, p, eps)
    d_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        d_neg = ops.minimum(d_neg, pairwise_distance(positive, negative, p, eps))
    return _reduce(ops.relu(ops.add(ops.sub(d_pos, d_neg), margin)), reduction)


def multilabel_soft_margin_loss(input: Any, target: Any, weight: Any = None,  # noqa: A002
                                reduction: str = "mean") -> Tensor:
    """``−mean_c[y·log σ(x) + (1 − y)·log σ(−x)]`` (each class weighted by ``weight``) per sample."""
    x, t = _pair(input, target, "multilabel_soft_margin_loss")
    per_class = ops.neg(ops.add(ops.mul(t, act.logsigmoid(x)), ops.mul(ops.sub(1.0, t), act.logsigmoid(ops.neg(x)))))
    if weight is not None:
        per_class = ops.mul(per_class, as_tensor(weight))
    return _reduce(ops.mean(per_class, axis=-1), reduction)
