"""``keras.ops`` convolution, pooling and attention: Keras's arguments mapped onto the ops its layers use
(channels-last; ``data_format="channels_first"`` transposes around them)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import ops as _ops
from ligero.keras.ops.core import cast, convert_to_tensor, floating, wrap
from ligero.ops import attention as _attention
from ligero.ops import pool as _pool
from ligero.ops.conv_nhwc import conv2d_transpose_nhwc, conv_nd_nhwc
from ligero.tensor import Tensor


def _tuple(value: Any, rank: int, name: str) -> tuple[int, ...]:
    out = (int(value),) * rank if np.ndim(value) == 0 else tuple(int(v) for v in value)
    if len(out) != rank:
        raise ValueError(f"{name}: expected {rank} values for a {rank}-D operation, got {value!r}")
    return out


def _channels_last(x: Tensor, data_format: str | None) -> bool:
    if data_format not in (None, "channels_last", "channels_first"):
        raise ValueError(f"data_format must be 'channels_last' or 'channels_first', got {data_format!r}")
    return data_format != "channels_first"


def conv(inputs: Any, kernel: Any, strides: Any = 1, padding: str = "valid", data_format: str | None = None,
         dilation_rate: Any = 1) -> Tensor:
    """1-D or 2-D convolution (cross-correlation) with a Keras kernel ``(*window, in/groups, out)``:
    ``y[n, p, f] = Σ_{o, c} W[o, c, f] · xpad[n, p·s + o·d, c]``."""
    x, w = floating(inputs), floating(kernel)
    rank = x.ndim - 2
    if rank not in (1, 2) or w.ndim != rank + 2:
        raise ValueError(f"conv: inputs of shape {tuple(x.shape)} and kernel of shape {tuple(w.shape)}: "
                         "ligero supports 1-D and 2-D convolutions with a (*window, in, out) kernel")
    last = _channels_last(x, data_format)
    if not last:
        x = _ops.permute(x, (0, *range(2, rank + 2), 1))
    channels = x.shape[-1]
    if channels % w.shape[-2]:
        raise ValueError(f"conv: {channels} input channels do not split into groups of {w.shape[-2]}")
    y = conv_nd_nhwc(x, w, None, rank, _tuple(strides, rank, "conv strides"), padding,
                 _tuple(dilation_rate, rank, "conv dilation_rate"), channels // w.shape[-2])
    return y if last else _ops.permute(y, (0, rank + 1, *range(1, rank + 1)))


def depthwise_conv(inputs: Any, kernel: Any, strides: Any = 1, padding: str = "valid",
                   data_format: str | None = None, dilation_rate: Any = 1) -> Tensor:
    """Each input channel convolved with its own ``multiplier`` filters: the kernel ``(*window, C, M)``
    as a grouped convolution with ``C`` groups and ``C·M`` outputs (channel ``c·M + m``)."""
    w = floating(kernel)
    shape = tuple(w.shape)
    grouped = _ops.reshape(w, (*shape[:-2], 1, shape[-2] * shape[-1]))
    return conv(inputs, grouped, strides, padding, data_format, dilation_rate)


def separable_conv(inputs: Any, depthwise_kernel: Any, pointwise_kernel: Any, strides: Any = 1,
                   padding: str = "valid", data_format: str | None = None, dilation_rate: Any = 1) -> Tensor:
    """:func:`depthwise_conv`, then a 1×1 :func:`conv` with ``pointwise_kernel``."""
    deep = depthwise_conv(inputs, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv(deep, pointwise_kernel, 1, "valid", data_format)


def conv_transpose(inputs: Any, kernel: Any, strides: Any = 1, padding: str = "valid", output_padding: Any = None,
                   data_format: str | None = None, dilation_rate: Any = 1) -> Tensor:
    """The 2-D transposed convolution (the adjoint of :func:`conv`) with Keras's kernel ``(kh, kw, out, in)``."""
    x, w = floating(inputs), floating(kernel)
    if x.ndim != 4 or w.ndim != 4:
        raise ValueError(f"conv_transpose: ligero supports 2-D inputs (N, H, W, C) and (kh, kw, out, in) kernels, "
                         f"got {tuple(x.shape)} and {tuple(w.shape)}")
    if output_padding is not None:
        raise ValueError("conv_transpose: output_padding is not supported")
    last = _channels_last(x, data_format)
    x = x if last else _ops.permute(x, (0, 2, 3, 1))
    y = conv2d_transpose_nhwc(x, w, None, _tuple(strides, 2, "conv_transpose strides"), padding,
                              _tuple(dilation_rate, 2, "conv_transpose dilation_rate"))
    return y if last else _ops.permute(y, (0, 3, 1, 2))


def depth_to_space(x: Any, block_size: int, data_format: str = "channels_last") -> Tensor:
    """``(N, H, W, b²·C) → (N, H·b, W·b, C)``: ``out[n, h·b + i, w·b + j, c] = x[n, h, w, (i·b + j)·C + c]``."""
    x = convert_to_tensor(x)
    last, b = _channels_last(x, data_format), int(block_size)
    x = x if last else _ops.permute(x, (0, 2, 3, 1))
    n, h, w, c = x.shape
    if c % (b * b):
        raise ValueError(f"depth_to_space: {c} channels do not divide by block_size² = {b * b}")
    y = _ops.reshape(_ops.permute(_ops.reshape(x, (n, h, w, b, b, c // (b * b))), (0, 1, 3, 2, 4, 5)),
                     (n, h * b, w * b, c // (b * b)))
    return y if last else _ops.permute(y, (0, 3, 1, 2))


def space_to_depth(x: Any, block_size: int, data_format: str = "channels_last") -> Tensor:
    """The inverse of :func:`depth_to_space`: ``(N, H·b, W·b, C) → (N, H, W, b²·C)``."""
    x = convert_to_tensor(x)
    last, b = _channels_last(x, data_format), int(block_size)
    x = x if last else _ops.permute(x, (0, 2, 3, 1))
    n, h, w, c = x.shape
    if h % b or w % b:
        raise ValueError(f"space_to_depth: height {h} and width {w} must divide by block_size {b}")
    y = _ops.reshape(_ops.permute(_ops.reshape(x, (n, h // b, b, w // b, b, c)), (0, 1, 3, 2, 4, 5)),
                     (n, h // b, w // b, b * b * c))
    return y if last else _ops.permute(y, (0, 3, 1, 2))


def _pooling(fn: Any, name: str, inputs: Any, pool_size: Any, strides: Any, padding: str,
             data_format: str | None) -> Tensor:
    x = floating(inputs)
    rank = x.ndim - 2
    size = _tuple(pool_size, rank, f"{name} pool_size")
    step = size if strides is None else _tuple(strides, rank, f"{name} strides")
    return fn(x, size, step, padding, _channels_last(x, data_format), rank)


def max_pool(inputs: Any, pool_size: Any, strides: Any = None, padding: str = "valid",
             data_format: str | None = None) -> Tensor:
    """``y[n, p, c] = max_o xpad[n, p·s + o, c]`` over each window (``strides`` default ``pool_size``)."""
    return _pooling(_pool.max_pool, "max_pool", inputs, pool_size, strides, padding, data_format)


def average_pool(inputs: Any, pool_size: Any, strides: Any = None, padding: str = "valid",
                 data_format: str | None = None) -> Tensor:
    """The mean of each window's valid values (``strides`` default ``pool_size``)."""
    return _pooling(_pool.avg_pool, "average_pool", inputs, pool_size, strides, padding, data_format)


def adaptive_average_pool(inputs: Any, output_size: Any, data_format: str | None = None) -> Tensor:
    """Keras 3.15's: the mean over PyTorch's adaptive windows to ``output_size`` (an int or one per spatial axis)."""
    x = floating(inputs)
    return _pool.adaptive_avg_pool(x, output_size, _channels_last(x, data_format))


def adaptive_max_pool(inputs: Any, output_size: Any, data_format: str | None = None) -> Tensor:
    """Keras 3.15's: the maximum over PyTorch's adaptive windows (one or two spatial axes in ligero)."""
    x = floating(inputs)
    return _pool.adaptive_max_pool(x, output_size, _channels_last(x, data_format))


def dot_product_attention(query: Any, key: Any, value: Any, bias: Any = None, mask: Any = None,
                          scale: float | None = None, is_causal: bool = False, flash_attention: Any = None,
                          attn_logits_soft_cap: Any = None) -> Tensor:
    """``softmax(scale · Q Kᵀ + bias) V`` per head, with ``(B, T, N, H)`` query and ``(B, S, N, H)`` key/value
    (``scale`` = 1/√H by default); ``mask`` (B, N, T, S) and ``is_causal`` keep only the marked scores."""
    if attn_logits_soft_cap is not None:
        raise ValueError("dot_product_attention: attn_logits_soft_cap is not supported")
    q, k, v = floating(query), floating(key), floating(value)
    if q.ndim != 4 or k.ndim != 4 or v.ndim != 4:
        raise ValueError(f"dot_product_attention: expected (B, T, N, H) tensors, got {tuple(q.shape)}, "
                         f"{tuple(k.shape)} and {tuple(v.shape)}")
    heads = [_ops.permute(t, (0, 2, 1, 3)) for t in (q, k, v)]  # (B, N, T, H)
    keep = None if mask is None else np.asarray(getattr(mask, "array", mask), dtype=bool)
    if is_causal:
        causal = np.tril(np.ones((q.shape[1], k.shape[1]), dtype=bool))
        keep = causal if keep is None else keep & causal
    factor = 1.0 / float(np.sqrt(q.shape[-1])) if scale is None else float(scale)
    scores = _ops.matmul(heads[0] * factor, _ops.permute(heads[1], (0, 1, 3, 2)))
    if bias is not None:
        scores = scores + cast(bias, scores.array.dtype)
    if keep is not None:  # as Keras: masked scores become -1e9 (a fully masked row averages every value)
        scores = _ops.where(wrap(keep), scores, wrap(np.asarray(_attention.KERAS_FILL, scores.array.dtype)))
    weights = _ops.softmax(scores, -1)
    return _ops.permute(_ops.matmul(weights, heads[2]), (0, 2, 1, 3))


__all__ = ["adaptive_average_pool", "adaptive_max_pool", "average_pool", "conv", "conv_transpose", "depth_to_space",
           "depthwise_conv", "dot_product_attention", "max_pool", "separable_conv", "space_to_depth"]
