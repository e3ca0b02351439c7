"""The functional convolutions and poolings of ``torch.nn.functional``, over :mod:`ligero.ops.conv`.

``ops.conv2d`` does stride and padding; dilation (a kernel with zeros between
its taps), groups (one convolution per group of channels) and 1-D inputs (a
height of 1) are built here around it from differentiable ops, as is the
transposed convolution (the input dilated by the stride, padded by
``k - 1 - p`` and convolved with the flipped, transposed kernel).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.ops import conv as conv_ops
from ligero.ops.resize import adaptive_avg_matrix, axis_map, dilation_matrix, pad_matrix
from ligero.ops.shape import concatenate, getitem, reshape, transpose
from ligero.tensor import Tensor, as_tensor


def _pair(value: Any) -> tuple[int, int]:
    if isinstance(value, (tuple, list)):
        return (int(value[0]), int(value[-1])) if len(value) else (1, 1)
    return int(value), int(value)


def _single(value: Any) -> int:
    return int(value[0]) if isinstance(value, (tuple, list)) else int(value)


def _check_input(x: Tensor, ndim: int, weight_shape: tuple[int, ...], groups: int, op: str) -> None:
    if x.ndim != ndim:
        raise RuntimeError(f"{op}: expected a {ndim}-D input (batched), got input of size {list(x.shape)}")
    expected = weight_shape[1] * groups
    if x.shape[1] != expected:
        raise RuntimeError(
            f"Given groups={groups}, weight of size {list(weight_shape)}, expected input{list(x.shape)} to have "
            f"{expected} channels, but got {x.shape[1]} channels instead"
        )


def _with_batch(fn: Any, x: Any, batched_ndim: int, *args: Any) -> Tensor:
    """``fn(x, *args)`` on a batched input; an unbatched one (one dimension fewer) is run as a batch of one."""
    x = as_tensor(x)
    if x.ndim != batched_ndim - 1:
        return fn(x, *args)
    y = fn(reshape(x, (1, *x.shape)), *args)
    return reshape(y, y.shape[1:])


def _dilated(weight: Tensor, dilation: tuple[int, int]) -> Tensor:
    for axis, d in ((2, dilation[0]), (3, dilation[1])):
        if d > 1:
            weight = axis_map(weight, dilation_matrix(weight.shape[axis], d), axis)
    return weight


def conv2d(input: Any, weight: Any, bias: Any = None, stride: Any = 1, padding: Any = 0,  # noqa: A002
           dilation: Any = 1, groups: int = 1) -> Tensor:
    """2-D convolution of (N, C, H, W) images (or one (C, H, W) image) with (F, C/groups, kh, kw) kernels
    (``torch.nn.functional.conv2d``)."""
    if as_tensor(input).ndim == 3:
        return _with_batch(conv2d, input, 4, weight, bias, stride, padding, dilation, groups)
    x, w = as_tensor(input), as_tensor(weight)
    _check_input(x, 4, w.shape, groups, "conv2d")
    if isinstance(padding, str) and padding not in ("same", "valid"):
        raise ValueError(f"Invalid padding string {padding!r}, should be one of {{'valid', 'same'}}")
    if padding == "same" and _pair(stride) != (1, 1):
        raise ValueError("padding='same' is not supported for strided convolutions")
    w = _dilated(w, _pair(dilation))
    pad = padding if isinstance(padding, str) else _pair(padding)
    if groups == 1:
        return conv_ops.conv2d(x, w, bias, stride=_pair(stride), padding=pad)
    cin, fout = x.shape[1] // groups, w.shape[0] // groups
    parts = [
        conv_ops.conv2d(getitem(x, (slice(None), slice(i * cin, (i + 1) * cin))),
                        getitem(w, slice(i * fout, (i + 1) * fout)),
                        None if bias is None else getitem(bias, slice(i * fout, (i + 1) * fout)),
                        stride=_pair(stride), padding=pad)
        for i in range(groups)
    ]
    return concatenate(parts, 1)


def conv1d(input: Any, weight: Any, bias: Any = None, stride: Any = 1, padding: Any = 0,  # noqa: A002
           dilation: Any = 1, groups: int = 1) -> Tensor:
    """1-D convolution of (N, C, L) sequences (or one (C, L)) with (F, C/groups, k) kernels: a 2-D one of height 1."""
    if as_tensor(input).ndim == 2:
        return _with_batch(conv1d, input, 3, weight, bias, stride, padding, dilation, groups)
    x, w = as_tensor(input), as_tensor(weight)
    _check_input(x, 3, w.shape, groups, "conv1d")
    pad = padding if isinstance(padding, str) else (0, _single(padding))
    y = conv2d(reshape(x, (x.shape[0], x.shape[1], 1, x.shape[2])), reshape(w, (*w.shape[:2], 1, w.shape[2])),
               bias, (1, _single(stride)), pad, (1, _single(dilation)), groups)
    return reshape(y, (y.shape[0], y.shape[1], y.shape[3]))


def conv_transpose2d(input: Any, weight: Any, bias: Any = None, stride: Any = 1, padding: Any = 0,  # noqa: A002
                     output_padding: Any = 0, groups: int = 1, dilation: Any = 1) -> Tensor:
    """Transposed 2-D convolution (the gradient of ``conv2d`` with respect to its input), weight (C, F, kh, kw).

    ``out = (in - 1)·stride - 2·padding + dilation·(k - 1) + output_padding + 1`` along each axis.
    """
    x, w = as_tensor(input), as_tensor(weight)
    if groups != 1:
        raise NotImplementedError("conv_transpose2d: groups > 1 is not supported yet")
    if x.ndim != 4 or x.shape[1] != w.shape[0]:
        raise RuntimeError(f"conv_transpose2d: input of size {list(x.shape)} does not fit weight of size "
                           f"{list(w.shape)} (expected {w.shape[0]} input channels)")
    stride, padding, out_pad, dil = _pair(stride), _pair(padding), _pair(output_padding), _pair(dilation)
    w = _dilated(w, dil)
    for axis, s, p, op in ((2, stride[0], padding[0], out_pad[0]), (3, stride[1], padding[1], out_pad[1])):
        if s > 1:
            x = axis_map(x, dilation_matrix(x.shape[axis], s), axis)
        k = w.shape[axis]
        before, after = k - 1 - p, k - 1 - p + op
        if before < 0 or after < 0:
            raise NotImplementedError("conv_transpose2d: padding larger than dilation·(kernel - 1) is not supported")
        if before or after:
            x = axis_map(x, pad_matrix(x.shape[axis], before, after, "constant"), axis)
    flipped = transpose(getitem(w, (slice(None), slice(None), slice(None, None, -1), slice(None, None, -1))),
                        (1, 0, 2, 3))
    return conv_ops.conv2d(x, flipped, bias, stride=1, padding=0)


def _with_batch_pair(fn: Any, x: Any, batched_ndim: int, *args: Any) -> Any:
    """:func:`_with_batch` for an op that may return an (output, indices) pair."""
    x = as_tensor(x)
    if x.ndim != batched_ndim - 1:
        return fn(x, *args)
    result = fn(reshape(x, (1, *x.shape)), *args)
    if isinstance(result, tuple):
        return tuple(reshape(r, r.shape[1:]) for r in result)
    return reshape(result, result.shape[1:])


def max_pool2d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0, dilation: Any = 1,  # noqa: A002
               ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """Max pooling of (N, C, H, W) images (or one (C, H, W)); ``stride`` defaults to ``kernel_size``.
    With ``return_indices`` also the winners' flat positions in each H·W plane (int64)."""
    stride = kernel_size if stride is None or stride == [] else stride
    return _with_batch_pair(conv_ops.max_pool2d, input, 4, _pair(kernel_size), _pair(stride), _pair(padding),
                            _pair(dilation), bool(ceil_mode), bool(return_indices))


def avg_pool2d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0, ceil_mode: bool = False,  # noqa: A002
               count_include_pad: bool = True, divisor_override: Any = None) -> Tensor:
    """Average pooling of (N, C, H, W) images: the window's sum divided by ``kh·kw`` (zero padding
    counted), by the number of input elements it covers (``count_include_pad=False``), or by
    ``divisor_override``; ``ceil_mode`` rounds the output size up."""
    stride = kernel_size if stride is None or stride == [] else stride
    return _with_batch(conv_ops.avg_pool2d, input, 4, _pair(kernel_size), _pair(stride), _pair(padding),
                       bool(ceil_mode), bool(count_include_pad), divisor_override)


def _unpool_size(x: Tensor, kernel: tuple[int, int], stride: tuple[int, int], padding: tuple[int, int],
                 output_size: Any) -> tuple[int, int]:
    """``(in - 1)·s - 2p + k`` per axis, or the last two entries of ``output_size``."""
    default = tuple((x.shape[-2 + a] - 1) * stride[a] - 2 * padding[a] + kernel[a] for a in (0, 1))
    if output_size is None:
        return default  # type: ignore[return-value]
    size = tuple(int(v) for v in output_size)[-2:]
    for a in (0, 1):
        if not default[a] - stride[a] < size[a] < default[a] + stride[a]:
            raise ValueError(f"invalid output_size {tuple(output_size)} (dim {a} must be between "
                             f"{default[a] - stride[a] + 1} and {default[a] + stride[a] - 1})")
    return size  # type: ignore[return-value]


def max_unpool2d(input: Any, indices: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,  # noqa: A002
                 output_size: Any = None) -> Tensor:
    """The partial inverse of ``max_pool2d``: zeros with each input value put back at its index
    (``torch.nn.functional.max_unpool2d``). Output ``(in - 1)·s - 2p + k`` unless ``output_size``."""
    x = as_tensor(input)
    kernel = _pair(kernel_size)
    stride = kernel if stride is None or stride == [] else _pair(stride)
    size = _unpool_size(x, kernel, stride, _pair(padding), output_size)
    index = indices.array if isinstance(indices, Tensor) else np.asarray(indices)
    if x.ndim == 3:
        y = conv_ops.max_unpool2d(reshape(x, (1, *x.shape)), index[None], size)
        return reshape(y, y.shape[1:])
    return conv_ops.max_unpool2d(x, index, size)


def _as_2d(fn: Any, input: Any, kernel_size: Any, stride: Any, padding: Any, *options: Any) -> Any:  # noqa: A002
    """A 1-D pooling of (N, C, L) (or (C, L)) as the 2-D one ``fn`` over images of height 1."""
    x = as_tensor(input)
    if x.ndim == 2:
        return _with_batch_pair(lambda b: _as_2d(fn, b, kernel_size, stride, padding, *options), x, 3)
    stride = kernel_size if stride is None or stride == [] else stride
    result = fn(reshape(x, (x.shape[0], x.shape[1], 1, x.shape[2])), (1, _single(kernel_size)),
                (1, _single(stride)), (0, _single(padding)), *options)
    if isinstance(result, tuple):
        return tuple(reshape(r, (r.shape[0], r.shape[1], r.shape[3])) for r in result)
    return reshape(result, (result.shape[0], result.shape[1], result.shape[3]))


def max_pool1d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0, dilation: Any = 1,  # noqa: A002
               ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """Max pooling of (N, C, L) sequences (indices are positions along L)."""
    return _as_2d(conv_ops.max_pool2d, input, kernel_size, stride, padding, (1, _single(dilation)),
                  bool(ceil_mode), bool(return_indices))


def avg_pool1d(input: Any, kernel_size: Any, stride: Any = None, padding: Any = 0, ceil_mode: bool = False,  # noqa: A002
               count_include_pad: bool = True) -> Tensor:
    """Average pooling of (N, C, L) sequences."""
    return _as_2d(conv_ops.avg_pool2d, input, kernel_size, stride, padding, bool(ceil_mode),
                  bool(count_include_pad))


def adaptive_max_pool2d(input: Any, output_size: Any, return_indices: bool = False) -> Any:  # noqa: A002
    """Max over PyTorch's adaptive windows to a given (oh, ow) (None keeps that size)."""
    x = as_tensor(input)
    oh, ow = output_size if isinstance(output_size, (tuple, list)) else (output_size, output_size)
    size = (x.shape[-2] if oh is None else int(oh), x.shape[-1] if ow is None else int(ow))
    return _with_batch_pair(conv_ops.adaptive_max_pool2d, x, 4, size, bool(return_indices))


def adaptive_max_pool1d(input: Any, output_size: Any, return_indices: bool = False) -> Any:  # noqa: A002
    """Max over PyTorch's adaptive windows of (N, C, L) (or (C, L)) to a given length."""
    x = as_tensor(input)
    if x.ndim == 2:
        return _with_batch_pair(adaptive_max_pool1d, x, 3, output_size, return_indices)
    result = conv_ops.adaptive_max_pool2d(reshape(x, (x.shape[0], x.shape[1], 1, x.shape[2])),
                                          (1, _single(output_size)), bool(return_indices))
    if isinstance(result, tuple):
        return tuple(reshape(r, (r.shape[0], r.shape[1], r.shape[3])) for r in result)
    return reshape(result, (result.shape[0], result.shape[1], result.shape[3]))


def adaptive_avg_pool2d(input: Any, output_size: Any) -> Tensor:  # noqa: A002
    """Average pooling to a given (oh, ow) (None keeps that size): PyTorch's windows
    ``[floor(i·in/out), ceil((i+1)·in/out))``, as one averaging matrix per axis."""
    x = as_tensor(input)
    oh, ow = output_size if isinstance(output_size, (tuple, list)) else (output_size, output_size)
    oh, ow = oh or x.shape[-2], ow or x.shape[-1]
    if (oh, ow) == (1, 1) and x.ndim == 4:
        y = conv_ops.global_avg_pool2d(x)
        return reshape(y, (*y.shape, 1, 1))
    for axis, size in ((x.ndim - 2, oh), (x.ndim - 1, ow)):
        if size != x.shape[axis]:
            x = axis_map(x, adaptive_avg_matrix(x.shape[axis], size), axis)
    return x


def adaptive_avg_pool1d(input: Any, output_size: Any) -> Tensor:  # noqa: A002
    """Average pooling of (N, C, L) to a given length."""
    x = as_tensor(input)
    return axis_map(x, adaptive_avg_matrix(x.shape[-1], _single(output_size)), x.ndim - 1)
