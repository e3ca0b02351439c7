"""``ligero.nn.functional`` (``import ligero.nn.functional as F``): the function forms of ``torch.nn``.

Names, argument names, their order and defaults are PyTorch's. Activations and
normalizations are ops of :mod:`ligero.ops`; the convolutions live in
:mod:`ligero.nn._conv` and the losses in :mod:`ligero.nn._losses`.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ligero import ops
from ligero.nn._conv import (
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    adaptive_max_pool1d,
    adaptive_max_pool2d,
    avg_pool1d,
    avg_pool2d,
    conv1d,
    conv2d,
    conv_transpose2d,
    max_pool1d,
    max_pool2d,
    max_unpool2d,
)
from ligero.nn._losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cosine_embedding_loss,
    cross_entropy,
    gaussian_nll_loss,
    huber_loss,
    kl_div,
    l1_loss,
    mse_loss,
    multi_margin_loss,
    multilabel_soft_margin_loss,
    nll_loss,
    poisson_nll_loss,
    smooth_l1_loss,
    triplet_margin_loss,
)
from ligero.nn.linear import bilinear
from ligero.ops import activation as act
from ligero.ops.dense import linear_out_in
from ligero.ops.embedding import embedding as _embedding
from ligero.ops.layer_norm import group_norm, layer_norm
from ligero.ops.norm import batch_norm_inference, batch_norm_training, dropout_mask
from ligero.ops.norm import dropout as _dropout
from ligero.ops.resize import axis_map, linear_matrix, nearest_matrix, pad_matrix
from ligero.ops.unfold import fold, unfold  # noqa: F401 - torch's F.fold / F.unfold (same arguments)
from ligero.tensor import Tensor, as_tensor
from ligero.torch_generator import stream_of

__all__ = [
    "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_max_pool1d", "adaptive_max_pool2d",
    "avg_pool1d", "avg_pool2d", "batch_norm", "bilinear",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "conv1d", "conv2d", "conv_transpose2d", "cosine_embedding_loss",
    "cosine_similarity", "cross_entropy", "dropout", "dropout2d", "elu", "embedding", "gelu", "group_norm",
    "hardsigmoid", "hardswish", "hardtanh", "huber_loss", "interpolate", "kl_div", "l1_loss", "layer_norm",
    "leaky_relu", "linear", "log_softmax", "logsigmoid", "max_pool1d", "max_pool2d", "max_unpool2d", "mish", "mse_loss",
    "multi_margin_loss", "nll_loss", "normalize", "one_hot", "pad", "prelu", "relu", "relu6", "selu", "sigmoid",
    "silu", "smooth_l1_loss", "softmax", "softplus", "softsign", "tanh", "threshold", "fold", "unfold",
    "scaled_dot_product_attention", "gaussian_nll_loss", "poisson_nll_loss", "triplet_margin_loss",
    "multilabel_soft_margin_loss",
]


# ------------------------------------------------------------------ activations
def relu(input: Any, inplace: bool = False) -> Tensor:  # noqa: A002 - PyTorch's argument names
    return ops.relu(input)


def relu6(input: Any, inplace: bool = False) -> Tensor:  # noqa: A002
    return act.hardtanh(input, 0.0, 6.0)


def leaky_relu(input: Any, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:  # noqa: A002
    return ops.leaky_relu(input, negative_slope)


def elu(input: Any, alpha: float = 1.0, inplace: bool = False) -> Tensor:  # noqa: A002
    return ops.elu(input, alpha)


def selu(input: Any, inplace: bool = False) -> Tensor:  # noqa: A002
    return act.selu(input)


def gelu(input: Any, approximate: str = "none") -> Tensor:  # noqa: A002
    return act.gelu(input, approximate)


def silu(input: Any, inplace: bool = False) -> Tensor:  # noqa: A002
    return act.silu(input)


def mish(input: Any, inplace: bool = False) -> Tensor:  # noqa: A002
    return act.mish(input)


def tanh(input: Any) -> Tensor:  # noqa: A002
    return ops.tanh(input)


def sigmoid(input: Any) -> Tensor:  # noqa: A002
    return ops.sigmoid(input)


def softplus(input: Any, beta: float = 1.0, threshold: float = 20.0) -> Tensor:  # noqa: A002
    return act.softplus(input, beta, threshold)


def softsign(input: Any) -> Tensor:  # noqa: A002
    return act.softsign(input)


def hardtanh(input: Any, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> Tensor:  # noqa: A002
    return act.hardtanh(input, min_val, max_val)


def hardsigmoid(input: Any, inplace: bool = False) -> Tensor:  # noqa: A002
    return act.hardsigmoid(input)


def hardswish(input: Any, inplace: bool = False) -> Tensor:  # noqa: A002
    return act.hardswish(input)


def threshold(input: Any, threshold: float, value: float, inplace: bool = False) -> Tensor:  # noqa: A002
    return act.threshold(input, threshold, value)


def logsigmoid(input: Any) -> Tensor:  # noqa: A002
    return act.logsigmoid(input)


def prelu(input: Any, weight: Any) -> Tensor:  # noqa: A002
    """``x`` where x > 0, else ``a·x``, with ``a`` one value or one per channel (axis 1)."""
    x, a = as_tensor(input), as_tensor(weight)
    if a.array.size > 1:
        a = ops.reshape(a, (1, a.array.size) + (1,) * (x.ndim - 2))
    return ops.where(x.array > 0, x, ops.mul(a, x))


def _softmax_dim(ndim: int, dim: int | None, name: str) -> int:
    if dim is not None:
        return dim
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X "
                  "as an argument.", UserWarning, stacklevel=3)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Any, dim: int | None = None, _stacklevel: int = 3, dtype: Any = None) -> Tensor:  # noqa: A002
    x = as_tensor(input) if dtype is None else as_tensor(input).astype(dtype)
    return ops.softmax(x, _softmax_dim(x.ndim, dim, "softmax"))


def log_softmax(input: Any, dim: int | None = None, _stacklevel: int = 3, dtype: Any = None) -> Tensor:  # noqa: A002
    x = as_tensor(input) if dtype is None else as_tensor(input).astype(dtype)
    return ops.log_softmax(x, _softmax_dim(x.ndim, dim, "log_softmax"))


# ------------------------------------------------------------------ layers
def linear(input: Any, weight: Any, bias: Any = None) -> Tensor:  # noqa: A002
    """``y = x @ Wᵀ + b`` with W of shape (out_features, in_features)."""
    return linear_out_in(input, weight, bias)


def dropout(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:  # noqa: A002
    """Zeroes each element with probability ``p`` and scales the rest by ``1/(1-p)`` (in training)."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    return _dropout(input, p, training, stream_of() if training and p > 0 else None)  # torch's mask


def dropout2d(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:  # noqa: A002
    """Zeroes whole channels (axis 1 of (N, C, H, W)) with probability ``p``, scaling the rest by ``1/(1-p)``."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    x = as_tensor(input)
    if not training or p == 0.0:
        return x
    channels = (x.shape[0], x.shape[1]) + (1,) * (x.ndim - 2)  # one draw a channel, torch's
    return ops.mul(x, dropout_mask(channels, p, x.array.dtype, stream_of()))


def batch_norm(input: Any, running_mean: Any, running_var: Any, weight: Any = None, bias: Any = None,  # noqa: A002
               training: bool = False, momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """Batch normalization over axis 1 of (N, C), (N, C, L) or (N, C, H, W); the running
    statistics (if given) are updated in place in training, with the unbiased variance."""
    x = as_tensor(input)
    shape = x.shape
    if x.ndim == 3:
        x = ops.reshape(x, (*shape, 1))
    if training:
        y = batch_norm_training(x, weight, bias, running_mean, running_var, momentum=momentum, eps=eps)
    else:
        y = batch_norm_inference(x, weight, bias, running_mean, running_var, eps=eps)
    return ops.reshape(y, shape) if len(shape) == 3 else y


def embedding(input: Any, weight: Any, padding_idx: int | None = None, max_norm: Any = None,  # noqa: A002
              norm_type: float = 2.0, scale_grad_by_freq: bool = False, sparse: bool = False) -> Tensor:
    """Rows of ``weight`` picked by the integer ``input`` (the ``padding_idx`` row gets no gradient)."""
    if max_norm is not None or scale_grad_by_freq:
        raise NotImplementedError("embedding: max_norm and scale_grad_by_freq are not supported")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += as_tensor(weight).shape[0]
    return _embedding(input, weight, padding_idx)


def one_hot(tensor: Any, num_classes: int = -1) -> Tensor:
    """Integer class indices of any shape to int64 one-hot rows (a last axis of ``num_classes``)."""
    labels = tensor.array if isinstance(tensor, Tensor) else np.asarray(tensor)
    if labels.dtype.kind not in "iu":
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    n = int(labels.max()) + 1 if num_classes == -1 else num_classes
    if labels.size and (labels.min() < 0 or labels.max() >= n):
        raise RuntimeError("Class values must be smaller than num_classes." if labels.min() >= 0
                           else "Class values must be non-negative.")
    return Tensor(np.eye(n, dtype=np.int64)[labels], dtype=np.int64)


# ------------------------------------------------------------------ geometry
def pad(input: Any, pad: Any, mode: str = "constant", value: float | None = None) -> Tensor:  # noqa: A002
    """Pads the last ``len(pad)//2`` axes: ``pad = (left, right, top, bottom, ...)`` from the last axis
    backwards; modes 'constant' (``value``, default 0), 'reflect', 'replicate', 'circular'."""
    x = as_tensor(input)
    if len(pad) % 2 or len(pad) // 2 > x.ndim:
        raise RuntimeError(f"Padding length must be divisible by 2 and at most twice the dimensions, got {len(pad)}")
    if mode not in ("constant", "reflect", "replicate", "circular"):
        raise NotImplementedError(f"pad: mode {mode!r} is not one of 'constant', 'reflect', 'replicate', 'circular'")
    y = x
    for i in range(len(pad) // 2):
        axis = x.ndim - 1 - i
        before, after = int(pad[2 * i]), int(pad[2 * i + 1])
        if before < 0 or after < 0:
            raise NotImplementedError("pad: negative padding (cropping) is not supported")
        if before or after:
            y = axis_map(y, pad_matrix(y.shape[axis], before, after, mode), axis)
    if mode == "constant" and value:
        border = np.ones(x.shape, dtype=bool)
        border = np.pad(~border, [(0, 0)] * (x.ndim - len(pad) // 2) + [
            (int(pad[2 * i]), int(pad[2 * i + 1])) for i in reversed(range(len(pad) // 2))], constant_values=True)
        y = ops.add(y, (border * value).astype(x.array.dtype))
    return y


def interpolate(input: Any, size: Any = None, scale_factor: Any = None, mode: str = "nearest",  # noqa: A002
                align_corners: bool | None = None, recompute_scale_factor: bool | None = None,
                antialias: bool = False) -> Tensor:
    """Resizes the spatial axes (all after N, C): 'nearest', 'linear' (3-D), 'bilinear' (4-D),
    one interpolation matrix per axis, with PyTorch's source coordinates."""
    x = as_tensor(input)
    spatial = x.ndim - 2
    if (size is None) == (scale_factor is None):
        raise ValueError("only one of size or scale_factor should be defined")
    if mode not in ("nearest", "linear", "bilinear"):
        raise NotImplementedError(f"interpolate: mode {mode!r} is not supported (nearest, linear, bilinear)")
    if mode == "nearest" and align_corners is not None:
        raise ValueError("align_corners option can only be set with the interpolating modes: "
                         "linear | bilinear | bicubic | trilinear")
    scales = _per_axis(scale_factor, spatial) if scale_factor is not None else [None] * spatial
    sizes = _per_axis(size, spatial) if size is not None else [
        int(np.floor(x.shape[2 + i] * scales[i])) for i in range(spatial)]
    if recompute_scale_factor:
        scales = [None] * spatial
    y = x
    for i in range(spatial):
        n_in, axis = x.shape[2 + i], 2 + i
        if mode == "nearest":
            m = nearest_matrix(n_in, sizes[i], scales[i])
        else:
            m = linear_matrix(n_in, sizes[i], bool(align_corners), scales[i])
        y = axis_map(y, m, axis)
    return y


def _per_axis(value: Any, n: int) -> list:
    return list(value) if isinstance(value, (tuple, list)) else [value] * n


def normalize(input: Any, p: float = 2.0, dim: int = 1, eps: float = 1e-12) -> Tensor:  # noqa: A002
    """``v / max(‖v‖_p, eps)`` along ``dim``."""
    x = as_tensor(input)
    norm = _norm(x, p, dim)
    return ops.div(x, ops.maximum(norm, eps))


def _norm(x: Tensor, p: float, dim: int) -> Tensor:
    if p == 2:
        return ops.sqrt(ops.sum(ops.mul(x, x), dim, True))
    if p == 1:
        return ops.sum(ops.abs(x), dim, True)
    return ops.pow(ops.sum(ops.pow(ops.abs(x), p), dim, True), 1.0 / p)


def cosine_similarity(x1: Any, x2: Any, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """``x1·x2 / (max(‖x1‖, eps)·max(‖x2‖, eps))`` along ``dim``."""
    a, b = as_tensor(x1), as_tensor(x2)
    dot = ops.sum(ops.mul(a, b), dim, False)
    na = ops.maximum(ops.sqrt(ops.sum(ops.mul(a, a), dim, False)), eps)
    nb = ops.maximum(ops.sqrt(ops.sum(ops.mul(b, b), dim, False)), eps)
    return ops.div(dot, ops.mul(na, nb))


def pairwise_distance(x1: Any, x2: Any, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> Tensor:
    """``‖x1 - x2 + eps‖_p`` along the last axis."""
    d = ops.add(ops.sub(as_tensor(x1), as_tensor(x2)), eps)
    n = _norm(d, p, -1)
    return n if keepdim else ops.reshape(n, n.shape[:-1])


def scaled_dot_product_attention(query: Any, key: Any, value: Any, attn_mask: Any = None, dropout_p: float = 0.0,
                                 is_causal: bool = False, scale: float | None = None,
                                 enable_gqa: bool = False) -> Tensor:
    """``softmax(Q Kᵀ · s + M) V`` with Q (..., L, E), K (..., S, E), V (..., S, Ev); ``s = scale`` or
    ``1/√E``. ``attn_mask``: boolean (True = may attend; False scores become −∞) or added to the
    scores; ``is_causal``: position i attends to j ≤ i. A row that may attend nowhere gives NaN, as
    torch. ``dropout_p`` drops attention weights (torch applies it whatever the module's mode)."""
    q, k, v = as_tensor(query), as_tensor(key), as_tensor(value)
    if is_causal and attn_mask is not None:
        raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True")
    if enable_gqa and q.ndim >= 3 and q.shape[-3] != k.shape[-3]:  # each key/value head serves a group of queries
        index = np.repeat(np.arange(k.shape[-3]), q.shape[-3] // k.shape[-3])
        k, v = (ops.getitem(t, (Ellipsis, index, slice(None), slice(None))) for t in (k, v))
    factor = 1.0 / np.sqrt(q.shape[-1]) if scale is None else float(scale)
    scores = ops.mul(ops.matmul(q, ops.transpose(k, (*range(k.ndim - 2), k.ndim - 1, k.ndim - 2))), factor)
    if is_causal:
        attn_mask = np.tril(np.ones((q.shape[-2], k.shape[-2]), dtype=bool))
    if attn_mask is not None:
        mask = attn_mask.array if isinstance(attn_mask, Tensor) else np.asarray(attn_mask)
        if mask.dtype == bool:
            scores = ops.where(mask, scores, np.asarray(-np.inf, dtype=scores.array.dtype))
        else:
            scores = ops.add(scores, mask.astype(scores.array.dtype, copy=False))
    weights = ops.softmax(scores, -1)
    if dropout_p > 0.0:
        weights = dropout(weights, dropout_p, True)
    return ops.matmul(weights, v)


def pixel_shuffle(input: Any, upscale_factor: int) -> Tensor:  # noqa: A002
    """(..., C·r², H, W) -> (..., C, H·r, W·r): ``out[c, h·r + i, w·r + j] = x[c·r² + i·r + j, h, w]``."""
    x, r = as_tensor(input), int(upscale_factor)
    if x.ndim < 3 or x.shape[-3] % (r * r):
        raise RuntimeError(f"pixel_shuffle: the channels ({tuple(x.shape)[-3:]}) must be divisible by "
                           f"upscale_factor² = {r * r}")
    *lead, c, h, w = x.shape
    y = x.reshape(-1, c // (r * r), r, r, h, w).permute(0, 1, 4, 2, 5, 3)
    return y.reshape(*lead, c // (r * r), h * r, w * r)


def pixel_unshuffle(input: Any, downscale_factor: int) -> Tensor:  # noqa: A002
    """(..., C, H·r, W·r) -> (..., C·r², H, W), the inverse of :func:`pixel_shuffle`."""
    x, r = as_tensor(input), int(downscale_factor)
    if x.ndim < 3 or x.shape[-1] % r or x.shape[-2] % r:
        raise RuntimeError(f"pixel_unshuffle: height and width of {tuple(x.shape)} must be divisible by {r}")
    *lead, c, h, w = x.shape
    y = x.reshape(-1, c, h // r, r, w // r, r).permute(0, 1, 3, 5, 2, 4)
    return y.reshape(*lead, c * r * r, h // r, w // r)
