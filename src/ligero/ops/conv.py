"""Convolution and pooling over NCHW images: ``conv2d``, ``max_pool2d``, ``avg_pool2d``,
``global_avg_pool2d``, ``max_unpool2d``, ``adaptive_max_pool2d``.

Layouts (PyTorch's): images are ``(N, C, H, W)``, kernels ``(F, C, kh, kw)``
(``F`` = output channels). Along each spatial axis the output size is

    out = floor((in + pad_before + pad_after - kernel) / stride) + 1

(a pooling window dilated by ``d`` spans ``d·(kernel - 1) + 1``; its ``ceil_mode`` is
extra bottom/right padding, see :func:`_ceil_extra`).

How it is fast (no per-pixel or per-sample Python loop, no ``np.add.at``):

* **im2col** copies the padded input once per kernel offset ``(i, j)``: ``kh·kw``
  slice copies into a preallocated, channel-major column matrix ``cols`` of
  shape ``(C·kh·kw, N·M)`` (``M`` = column positions per image).
* The forward pass is then a GEMM, ``Y = W₂ @ cols`` with
  ``W₂ = weight.reshape(F, C·kh·kw)``. With ``G = dL/dY`` (F, N·M), the weight
  gradient is the GEMM ``dW₂ = G @ colsᵀ`` and the input gradient the GEMM
  ``dcols = W₂ᵀ @ G`` followed by **col2im**: ``kh·kw`` slice additions into a
  zeroed padded buffer.
* For stride 1 the padded image of each channel is one flat row of ``Hp·Wp``
  values, and kernel offset ``(i, j)`` is the *contiguous* run that starts at
  ``i·Wp + j``. The columns then cover a "wide" output of ``OH × Wp``
  positions whose last ``Wp - OW`` columns are wrap-around garbage, dropped
  from the output (and given a zero gradient; an input holding inf would
  therefore turn an inf weight gradient into NaN). Long contiguous runs make
  the copies and additions much faster than 2-D slices with short rows; the
  price is ``Wp/OW`` more GEMM columns (6-12 % for 3×3 kernels on 16-32 pixel
  images) and a cropping copy of the output.
* The batch is cut into G groups of consecutive images, one GEMM per group
  (``np.matmul`` over a leading group axis): one image per GEMM when the
  weight matrix is small (memory-bound GEMMs that then stay in cache), about
  4096 columns per GEMM otherwise (see :func:`_groups`). Inside a group the
  columns are channel-major, ``(C, kh, kw, images, M)``, so every GEMM operand
  is contiguous; the transposes between NCHW and this layout are fused into the
  copies that pad the input, crop the output and widen the gradient.
* With one image per GEMM (the course CNN's first layer) the windows are 2-D
  strided slices instead of flat ones: then the GEMM output *is* the NCHW
  output and ``dL/dy`` *is* the GEMM operand, with no copy at all. Strides
  above 1 always use strided slices.
* The input gradient runs its GEMM and col2im chunk by chunk (about 2 MB of
  ``dcols`` each), so the additions read ``dcols`` from cache.
* Temporaries that never leave the op (padded input, GEMM output, widened
  gradient, ``dcols``, the col2im buffer) come from per-thread scratch buffers
  reused from call to call: freshly allocated megabytes cost a page fault per
  4 KiB on every step, which on this machine took longer than the convolution.
* Each gradient is computed only if its parent requires it (the first
  layer's input needs none); the columns are kept for the backward pass only
  when the weight needs a gradient.
* The same machinery (:func:`column_conv`, :func:`column_conv_grads`) serves
  channels-last images with few channels (``conv2d_nhwc``): it reads the
  transposed view ``x.transpose(0, 3, 1, 2)`` in its padding copy and writes an
  NHWC output (each image's GEMM into the transposed view of its (OH·OW, F)
  block, or the reordering fused into the cropping copy) and an NHWC input
  gradient.

Everything stays in the inputs' floating dtype (float32 in, float32 out).

The pooling ops have their ``<op>_reference`` at the end of the module: the same
function composed of basic differentiable ops, the definition each is tested
against (``tests/test_fused_reference.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ligero.errors import ConfigError, ShapeError
from ligero.ops.scratch import scratch as _scratch
from ligero.ops.shape import concatenate, stack
from ligero.ops.window_max import running_max as _running_max
from ligero.ops.window_max import tiled_max
from ligero.tensor import Tensor, as_tensor, is_grad_enabled, make_result

IntPair = int | tuple[int, int]
Padding = int | tuple[int, int] | str

__all__ = ["adaptive_max_pool2d", "avg_pool2d", "conv2d", "global_avg_pool2d", "max_pool2d", "max_unpool2d"]


# --------------------------------------------------------------------------- geometry
def _pair(value: Any, name: str, op: str, minimum: int) -> tuple[int, int]:
    """``value`` (an int or an (h, w) pair) as a pair of ints ``>= minimum``."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        pair = (int(value), int(value))
    elif (
        isinstance(value, (tuple, list))
        and len(value) == 2
        and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in value)
    ):
        pair = (int(value[0]), int(value[1]))
    else:
        raise ConfigError(f"{op}: {name} must be an int or a pair of ints (h, w), got {value!r}")
    if min(pair) < minimum:
        raise ConfigError(f"{op}: {name} must be >= {minimum}, got {value!r}")
    return pair


def _same_padding(size: int, kernel: int, stride: int) -> tuple[int, int]:
    """TensorFlow/Keras "same": output ``ceil(size/stride)``; total padding
    ``max((out - 1)·stride + kernel - size, 0)`` split ``total//2`` before and
    the rest (one more when odd) after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def _resolve_padding(
    padding: Padding, size: tuple[int, int], kernel: tuple[int, int], stride: tuple[int, int], op: str
) -> tuple[int, int, int, int]:
    """``padding`` as (top, bottom, left, right)."""
    if isinstance(padding, str):
        mode = padding.lower()
        if mode == "valid":
            return 0, 0, 0, 0
        if mode == "same":
            return (*_same_padding(size[0], kernel[0], stride[0]),
                    *_same_padding(size[1], kernel[1], stride[1]))
        raise ConfigError(f"{op}: padding must be an int, an (h, w) pair, 'valid' or 'same', got {padding!r}")
    ph, pw = _pair(padding, "padding", op, 0)
    return ph, ph, pw, pw


@dataclass(frozen=True)
class _Geometry:
    """Sizes of one sliding-window operation over a padded image.

    ``flat`` (stride 1 convolutions): windows are contiguous runs of the
    flattened padded image and the column matrix is ``wide`` (``Wq = Wp``
    columns per output row, of which the first ``OW`` are real). Otherwise
    windows are 2-D strided slices and ``Wq = OW``. ``dh``, ``dw``: the dilation
    (pooling only): window tap ``(i, j)`` reads ``xpad[p·sh + i·dh, q·sw + j·dw]``.
    """

    n: int
    c: int
    h: int
    w: int
    kh: int
    kw: int
    sh: int
    sw: int
    top: int
    bottom: int
    left: int
    right: int
    hp: int
    wp: int
    oh: int
    ow: int
    flat: bool
    dh: int = 1
    dw: int = 1

    @property
    def wq(self) -> int:
        """Columns per output row in the column matrix (``Wp`` when flat, else ``OW``)."""
        return self.wp if self.flat else self.ow

    @property
    def m(self) -> int:
        """Column-matrix positions per image: ``OH · Wq``."""
        return self.oh * self.wq

    @property
    def length(self) -> int:
        """Length of a flattened padded image buffer (flat windows overrun by ``kw - 1``)."""
        return self.hp * self.wp + (self.kw - 1 if self.flat else 0)

    @property
    def padded(self) -> bool:
        return bool(self.top or self.bottom or self.left or self.right)


def _geometry(
    op: str,
    x_shape: tuple[int, ...],
    kernel: tuple[int, int],
    stride: tuple[int, int],
    pads: tuple[int, int, int, int],
    kernel_desc: str,
    dilation: tuple[int, int] = (1, 1),
) -> _Geometry:
    """Sizes of a window operation (strided windows; conv2d may switch to flat ones).

    A dilated window spans ``d·(k - 1) + 1`` pixels along each axis."""
    n, c, h, w = x_shape
    kh, kw = dilation[0] * (kernel[0] - 1) + 1, dilation[1] * (kernel[1] - 1) + 1
    sh, sw = stride
    top, bottom, left, right = pads
    hp, wp = h + top + bottom, w + left + right
    if kh > hp or kw > wp:
        raise ShapeError(
            f"{op}: {kernel_desc} is larger than the padded input: input of shape {tuple(x_shape)} "
            f"padded to {hp}×{wp} (padding top/bottom/left/right = {pads}) cannot hold a "
            f"{kh}×{kw} window"
        )
    oh, ow = (hp - kh) // sh + 1, (wp - kw) // sw + 1
    return _Geometry(n, c, h, w, kernel[0], kernel[1], sh, sw, top, bottom, left, right, hp, wp, oh, ow, False,
                     dilation[0], dilation[1])


def _check_image(x: Tensor, op: str) -> None:
    if x.ndim != 4:
        raise ShapeError(
            f"{op}: expected a batch of images of shape (N, C, H, W), got shape {x.shape}"
            + (" (add the batch axis: x[None])" if x.ndim == 3 else "")
        )


# ------------------------------------------------------------------ buffers and windows
def _padded_flat(
    x: np.ndarray, geo: _Geometry, fill: float, groups: int, dtype: Any = None, slot: str | None = None
) -> np.ndarray:
    """Copy of ``x`` (N, C, H, W) padded with ``fill``, as flat buffers of shape (G, C, N/G, length).

    ``groups`` G cuts the batch into G groups of consecutive images and puts the
    channel axis before the image axis inside each group (G = N keeps NCHW
    order). The first ``Hp·Wp`` values of each buffer row are one padded image,
    the rest ``fill``.
    """
    per = geo.n // groups
    shape, dtype = (groups, geo.c, per, geo.length), dtype or x.dtype
    buf = _scratch(slot, shape, dtype) if slot else np.empty(shape, dtype=dtype)
    img = _image(buf, geo)
    t, l = geo.top, geo.left
    src = x.reshape(groups, per, geo.c, geo.h, geo.w).transpose(0, 2, 1, 3, 4)
    img[..., t : t + geo.h, l : l + geo.w] = src
    if geo.padded:
        img[..., :t, :] = fill
        img[..., t + geo.h :, :] = fill
        img[..., t : t + geo.h, :l] = fill
        img[..., t : t + geo.h, l + geo.w :] = fill
    buf[..., geo.hp * geo.wp :] = fill
    return buf


def _image(buf: np.ndarray, geo: _Geometry) -> np.ndarray:
    """The (..., Hp, Wp) padded-image view of a flat buffer (..., length)."""
    return buf[..., : geo.hp * geo.wp].reshape(*buf.shape[:-1], geo.hp, geo.wp)


def _windows(img: np.ndarray, geo: _Geometry) -> Iterator[tuple[int, int, np.ndarray]]:
    """For each kernel offset (i, j): the (..., OH, Wq) view of the values it multiplies.

    ``img`` is a flat buffer (..., length) when ``geo.flat``, else a (..., Hp, Wp)
    image. Views of a writable buffer are writable (col2im adds into them).
    """
    if geo.flat:
        lead, m = img.shape[:-1], geo.m
        for i in range(geo.kh):
            for j in range(geo.kw):
                start = i * geo.wp + j
                yield i, j, img[..., start : start + m].reshape(*lead, geo.oh, geo.wq)
    else:
        h_span, w_span, dh, dw = geo.sh * (geo.oh - 1) + 1, geo.sw * (geo.ow - 1) + 1, geo.dh, geo.dw
        for i in range(geo.kh):
            for j in range(geo.kw):
                yield i, j, img[..., i * dh : i * dh + h_span : geo.sh, j * dw : j * dw + w_span : geo.sw]


def _window_source(buf: np.ndarray, geo: _Geometry) -> np.ndarray:
    return buf if geo.flat else _image(buf, geo)


def _im2col(xbuf: np.ndarray, geo: _Geometry) -> np.ndarray:
    """Columns (G, C·kh·kw, N/G·M) from the buffers (G, C, N/G, length) of :func:`_padded_flat`.

    ``cols[g, (c, i, j), (n, p, q)] = xpad[g·N/G + n, c, p·sh + i, q·sw + j]``, built
    with ``kh·kw`` slice copies (none at all for a 1×1 stride-1 kernel).
    """
    groups, c, per = xbuf.shape[:3]
    if geo.flat and geo.kh == geo.kw == 1:
        return xbuf.reshape(groups, c, per * geo.m)
    cols = np.empty((groups, c, geo.kh, geo.kw, per, geo.oh, geo.wq), dtype=xbuf.dtype)
    for i, j, view in _windows(_window_source(xbuf, geo), geo):
        cols[:, :, i, j] = view
    return cols.reshape(groups, c * geo.kh * geo.kw, per * geo.m)


def _col2im_add(dbuf: np.ndarray, parts: np.ndarray, geo: _Geometry) -> None:
    """``kh·kw`` slice additions of column blocks ``parts`` (..., C, kh, kw, n, OH, Wq) into the
    flat padded buffers ``dbuf`` (..., C, n, length)."""
    for i, j, view in _windows(_window_source(dbuf, geo), geo):
        view += parts[..., i, j, :, :, :]


def _input_grad(w2t: np.ndarray, gcols: np.ndarray, geo: _Geometry, channels_last: bool = False) -> np.ndarray:
    """``dL/dx = col2im(W₂ᵀ @ G)`` for G (groups, F, per·M); returns (N, C, H, W), or (N, H, W, C)
    if ``channels_last`` (the layout change fused into the cropping copy).

    The GEMM and col2im run chunk by chunk of about ``COL2IM_CHUNK`` column
    values, so each chunk of ``dcols`` is added into the image buffer while it
    is still in cache instead of going to memory and back (10-25 % faster here).
    """
    groups, c, m = gcols.shape[0], geo.c, geo.m
    per, k = geo.n // groups, w2t.shape[0]
    dtype = np.result_type(w2t, gcols)
    if geo.flat and geo.kh == geo.kw == 1:  # the columns are the padded image itself
        dbuf = np.matmul(w2t, gcols).reshape(groups, c, per, geo.length)
    else:
        dbuf = _scratch("col2im", (groups, c, per, geo.length), dtype)
        dbuf.fill(0)
        blocks = (c, geo.kh, geo.kw)
        images = _largest_divisor(per, COL2IM_CHUNK // (k * m)) if k * m * per > COL2IM_CHUNK else per
        if images < per:  # chunks of images inside each group
            for g in range(groups):
                for s0 in range(0, per, images):
                    cols_g = gcols[g, :, s0 * m : (s0 + images) * m]
                    dcols = np.matmul(w2t, cols_g, out=_scratch("dcols", (k, images * m), dtype))
                    parts = dcols.reshape(*blocks, images, geo.oh, geo.wq)
                    _col2im_add(dbuf[g, :, s0 : s0 + images], parts, geo)
        else:  # chunks of whole groups
            step = max(1, COL2IM_CHUNK // (k * m * per))
            for g0 in range(0, groups, step):
                g1 = min(groups, g0 + step)
                dcols = np.matmul(w2t, gcols[g0:g1], out=_scratch("dcols", (g1 - g0, k, per * m), dtype))
                parts = dcols.reshape(g1 - g0, *blocks, per, geo.oh, geo.wq)
                _col2im_add(dbuf[g0:g1], parts, geo)
    img = _image(dbuf, geo)[..., geo.top : geo.top + geo.h, geo.left : geo.left + geo.w]
    if channels_last:
        out = np.empty((groups, per, geo.h, geo.w, c), dtype=dtype)
        out[...] = img.transpose(0, 2, 3, 4, 1)
        return out.reshape(geo.n, geo.h, geo.w, c)
    out = np.empty((groups, per, c, geo.h, geo.w), dtype=dtype)
    out[...] = img.transpose(0, 2, 1, 3, 4)
    return out.reshape(geo.n, c, geo.h, geo.w)


def _largest_divisor(n: int, limit: int) -> int:
    """The largest divisor of ``n`` that is at most ``limit`` (at least 1)."""
    return max(d for d in range(1, max(1, min(n, limit)) + 1) if n % d == 0)


# ------------------------------------------------------------------------------ conv2d
GEMM_COLUMNS = (1024, 4096)
"""Target GEMM widths (columns = output positions) for small and for larger weight matrices."""
COL2IM_CHUNK = 512 * 1024
"""Values of ``dcols`` produced and added back per chunk in the input gradient (2 MB of float32)."""


def _groups(n: int, m: int, weight_size: int) -> int:
    """How many groups G to cut a batch of ``n`` images (``m`` column positions each) into.

    Every group is one GEMM ``W₂ @ cols_g`` (np.matmul loops over groups). Measured
    here with OpenBLAS: for a small weight matrix (F·K < 4096, e.g. the course
    CNN's 12×27) the GEMMs are memory-bound and one image per GEMM (~1000
    columns, which stay in L2) is 30-45 % faster than one GEMM for the batch;
    larger weights prefer ~4096 columns per GEMM. The group size is the largest
    divisor of ``n`` that keeps at most that many columns (at least one image).
    """
    return n // _largest_divisor(n, GEMM_COLUMNS[weight_size >= 4096] // max(m, 1))


def _weight_grad(gcols: np.ndarray, cols: np.ndarray, per: int) -> np.ndarray:
    """``dW₂ = Σ_g G_g @ cols_gᵀ`` (F, K): G is (G, F, per·M), cols (G, K, per·M).

    Measured with OpenBLAS here: for a small result (F·K < 1024, e.g. the course
    CNN's 12×27) one GEMM with a reduction over thousands of columns is 2-3×
    slower than one GEMM per image, summed; those use a batched matmul over
    strided per-image views (no copies). Otherwise ``(cols @ Gᵀ)ᵀ`` is faster
    than ``G @ colsᵀ``.
    """
    groups, f, width = gcols.shape
    k = cols.shape[1]
    if f * k < 1024 and per > 1:
        m = width // per
        g4 = gcols.reshape(groups, f, per, m).transpose(0, 2, 1, 3)
        c4 = cols.reshape(groups, k, per, m).transpose(0, 2, 3, 1)
        return np.matmul(g4, c4).sum(axis=(0, 1))
    if groups == 1:
        return (cols[0] @ gcols[0].T).T
    return np.matmul(cols, gcols.transpose(0, 2, 1)).sum(axis=0).T


def _conv_plan(
    x_shape: tuple[int, ...], w_shape: tuple[int, ...], stride: IntPair, padding: Padding
) -> tuple[_Geometry, int]:
    """Geometry and batch grouping of a convolution (shapes already checked)."""
    strides = _pair(stride, "stride", "conv2d", 1)
    pads = _resolve_padding(padding, x_shape[2:], tuple(w_shape[2:]), strides, "conv2d")
    return _column_plan("conv2d", x_shape, w_shape, strides, pads)


def _column_plan(
    op: str, x_shape: tuple[int, ...], w_shape: tuple[int, ...], strides: tuple[int, int],
    pads: tuple[int, int, int, int],
) -> tuple[_Geometry, int]:
    """Geometry (input seen as (N, C, H, W), kernel as (F, C, kh, kw)) and batch grouping G of a
    channel-major im2col convolution with resolved strides and (top, bottom, left, right) pads."""
    f, c, kh, kw = w_shape
    geo = _geometry(op, x_shape, (kh, kw), strides, pads, f"kernel of shape {tuple(w_shape)}")
    if geo.n == 0:
        return geo, 1
    groups = _groups(geo.n, geo.oh * geo.ow, f * c * kh * kw)
    if groups < geo.n and strides == (1, 1):
        # Flat windows (see the module notes). With one image per group the
        # strided layout is better: its GEMM output is the NCHW result itself.
        geo = replace(geo, flat=True)
    return geo, groups


def _conv_operands(
    x: Any, weight: Any, bias: Any, op: str
) -> tuple[Tensor, Tensor, Tensor | None, tuple[Tensor, ...]]:
    """The checked operands of a convolution and its parents: NCHW images, (F, C, kh, kw) kernels, (F,) bias."""
    x, weight = as_tensor(x), as_tensor(weight)
    _check_image(x, op)
    if weight.ndim != 4:
        raise ShapeError(
            f"{op}: weight must have shape (out_channels, in_channels, kh, kw), got shape {weight.shape}"
        )
    f, c = weight.shape[:2]
    if x.shape[1] != c:
        hint = ""
        if x.shape[3] == c:
            hint = (f"; it looks like channels-last (NHWC) data: "
                    f"use x.transpose(0, 3, 1, 2) to get (N, {c}, H, W)")
        raise ShapeError(
            f"{op}: input of shape {x.shape} has {x.shape[1]} channels on axis 1, but the weight of "
            f"shape {weight.shape} expects input of shape (N, {c}, H, W){hint}"
        )
    if bias is None:
        return x, weight, None, (x, weight)
    bias = as_tensor(bias)
    if bias.shape != (f,):
        raise ShapeError(f"{op}: bias must have shape ({f},) for weight of shape {weight.shape}, "
                         f"got shape {bias.shape}")
    return x, weight, bias, (x, weight, bias)


def _conv_output(
    w2: np.ndarray, cols: np.ndarray, bias: np.ndarray | None, geo: _Geometry, groups: int,
    channels_last: bool = False,
) -> np.ndarray:
    """``y = W₂ @ cols (+ b)`` as (N, F, OH, OW), or (N, OH, OW, F) if ``channels_last``: one GEMM
    per group of images, wide columns dropped.

    With one image per GEMM the GEMM writes the result directly: NCHW as ``W₂ @ cols_n``,
    NHWC into the transposed view of (OH·OW, F), which NumPy hands to BLAS as
    ``(cols_nᵀ @ W₂ᵀ)`` with transpose flags (no copy). Otherwise the wide GEMM output is
    cropped into the layout in one copy (the bias added on the way).
    """
    f, n, oh, ow, per = w2.shape[0], geo.n, geo.oh, geo.ow, geo.n // groups
    if per == 1:  # strided windows, one image per GEMM: the output is (N, F, OH·OW) already
        if channels_last:
            out = np.empty((n, oh * ow, f), dtype=w2.dtype)
            np.matmul(w2, cols, out=out.transpose(0, 2, 1))
            if bias is not None:
                out += bias
            return out.reshape(n, oh, ow, f)
        out = np.matmul(w2, cols)  # (N, F, OH·OW)
        if bias is not None:  # a dense (F, OH·OW) block: NumPy adds a stride-0 operand ~1.7x slower
            out += np.repeat(bias, oh * ow).reshape(f, oh * ow)
        return out.reshape(n, f, oh, ow)
    wide = np.matmul(w2, cols, out=_scratch("output", (groups, f, per * geo.m), w2.dtype))
    wide = wide.reshape(groups, f, per, oh, geo.wq)[..., :ow]
    if channels_last:
        wide, shape, b = wide.transpose(0, 2, 3, 4, 1), (groups, per, oh, ow, f), bias
    else:
        wide, shape = wide.transpose(0, 2, 1, 3, 4), (groups, per, f, oh, ow)
        b = None if bias is None else bias[:, None, None]
    out = np.empty(shape, dtype=w2.dtype)
    if b is not None:
        np.add(wide, b, out=out)
    else:
        out[...] = wide
    return out.reshape(n, *shape[2:])


def _grad_columns(g: np.ndarray, geo: _Geometry, groups: int, dtype: Any) -> np.ndarray:
    """dL/dy (N, F, OH, OW) in the column layout (G, F, per·M) of :func:`_conv_output`, zero on the
    wide garbage columns."""
    n, f, oh, ow = g.shape
    per = n // groups
    if per == 1:
        return g.reshape(n, f, oh * ow).astype(dtype, copy=False)
    gcols = _scratch("grad", (groups, f, per, oh, geo.wq), dtype)
    gcols[..., :ow] = g.reshape(groups, per, f, oh, ow).transpose(0, 2, 1, 3, 4)
    gcols[..., ow:] = 0
    return gcols.reshape(groups, f, per * geo.m)


def conv2d(
    x: Any,
    weight: Any,
    bias: Any = None,
    stride: IntPair = 1,
    padding: Padding = 0,
) -> Tensor:
    """2-D convolution (cross-correlation, as in every deep-learning library) of NCHW images.

    ``y[n, f, p, q] = b[f] + Σ_{c,i,j} W[f, c, i, j] · xpad[n, c, p·sh + i, q·sw + j]``

    Args:
        x: images of shape (N, C, H, W).
        weight: kernels of shape (F, C, kh, kw) (PyTorch layout).
        bias: optional, shape (F,).
        stride: int or (sh, sw), each >= 1.
        padding: int or (ph, pw) zeros on both sides, or ``"valid"`` (no padding) or
            ``"same"`` (output ``ceil(in / stride)``; the total padding
            ``max((out-1)·stride + k - in, 0)`` is split as TensorFlow/Keras do:
            half before, and the odd one extra on the bottom/right).

    Returns:
        (N, F, OH, OW) with ``OH = floor((H + pads - kh)/sh) + 1`` (likewise OW).

    Backward (``G`` = dL/dy as (F, N·M), ``cols`` the im2col matrix):
    ``dL/dW = G @ colsᵀ``, ``dL/db = Σ_{n,p,q} G``, ``dL/dx = col2im(W₂ᵀ @ G)``;
    each only if its parent requires grad.
    """
    op = "conv2d"
    x, weight, bias, parents = _conv_operands(x, weight, bias, op)
    f, c, kh, kw = weight.shape
    geo, groups = _conv_plan(x.shape, weight.shape, stride, padding)
    dtype = np.result_type(x.dtype, weight.dtype, bias.dtype if bias is not None else x.dtype)
    n, oh, ow = geo.n, geo.oh, geo.ow
    if n == 0:  # an empty batch: empty output, zero gradients
        empty = np.zeros((0, f, oh, ow), dtype=dtype)
        return make_result(empty, parents, lambda g: tuple(np.zeros_like(p.array) for p in parents), op)
    w2 = weight.array.reshape(f, c * kh * kw).astype(dtype, copy=False)
    b = None if bias is None else bias.array.astype(dtype, copy=False)
    out, cols = column_conv(x.array, w2, b, geo, groups, dtype)
    saved_cols = cols if weight.requires_grad else None  # keep it alive only if needed

    def backward(g: np.ndarray) -> tuple:
        gw, gx = column_conv_grads(g, w2, saved_cols, geo, groups, dtype, x.requires_grad)
        gw = None if gw is None else gw.reshape(weight.shape).astype(weight.dtype, copy=False)
        gb = None
        if bias is not None and bias.requires_grad:
            # Σ over n, p, q; einsum's loop is ~3x faster than sum(axis=(0, 2, 3)) here, and as accurate
            gb = np.einsum("nfm->f", g.reshape(g.shape[0], g.shape[1], -1)).astype(bias.dtype, copy=False)
        gx = None if gx is None else gx.astype(x.dtype, copy=False)
        return (gx, gw) if bias is None else (gx, gw, gb)

    return make_result(out, parents, backward, op)


def column_conv(
    x: np.ndarray, w2: np.ndarray, bias: np.ndarray | None, geo: _Geometry, groups: int, dtype: Any,
    channels_last: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """The channel-major im2col convolution on arrays: ``(y, cols)`` with ``y = W₂ @ cols (+ b)``.

    ``x`` is seen as (N, C, H, W): an NCHW array, or the transposed view
    ``x.transpose(0, 3, 1, 2)`` of an NHWC one (the padding copy reads it in
    place). ``w2`` is (F, C·kh·kw) in (c, i, j) order; ``y`` comes out NCHW, or
    NHWC if ``channels_last`` (see :func:`_conv_output`). ``cols`` (G, K, per·M) is
    what :func:`column_conv_grads` needs for the weight gradient.
    """
    # The padded input is a temporary, except for a 1×1 stride-1 kernel where it *is* the columns.
    slot = None if geo.flat and geo.kh == geo.kw == 1 else "input"
    cols = _im2col(_padded_flat(x, geo, 0, groups, dtype, slot), geo)  # (G, K, per·M)
    return _conv_output(w2, cols, bias, geo, groups, channels_last), cols


def column_conv_grads(
    g: np.ndarray, w2: np.ndarray, cols: np.ndarray | None, geo: _Geometry, groups: int, dtype: Any,
    need_x: bool, channels_last: bool = False,
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """``(dW₂, dL/dx)`` of :func:`column_conv` for ``g = dL/dy`` seen as (N, F, OH, OW) (for NHWC
    the transposed view ``g.transpose(0, 3, 1, 2)``, read in place): ``dW₂ = G @ colsᵀ`` (F, K)
    unless ``cols`` is None, ``dL/dx = col2im(W₂ᵀ @ G)`` in ``x``'s layout if ``need_x``."""
    gcols = _grad_columns(g, geo, groups, dtype)
    gw = None if cols is None else _weight_grad(gcols, cols, geo.n // groups)
    gx = _input_grad(w2.T, gcols, geo, channels_last) if need_x else None
    return gw, gx


# ----------------------------------------------------------------------------- pooling
def _ceil_extra(size: int, kernel: int, stride: int, pad: int, dilation: int) -> int:
    """Extra bottom/right padding that ``ceil_mode`` needs along one axis (PyTorch's rule).

    ``out = ceil((size + 2p - d·(k-1) - 1)/s) + 1``, less one if the last window would
    start in the right padding (it must start inside the input or the left padding).
    """
    span = size + 2 * pad - dilation * (kernel - 1) - 1
    if span < 0:
        return 0  # too small even without ceil_mode: _geometry reports it
    out = -(-span // stride) + 1
    if (out - 1) * stride >= size + pad:
        out -= 1
    return max(0, (out - 1) * stride - span)  # the padded length (out-1)·s + d·(k-1) + 1, less size + 2p


def _pool_geometry(
    op: str, x: Tensor, kernel_size: IntPair, stride: IntPair | None, padding: IntPair,
    dilation: IntPair = 1, ceil_mode: bool = False,
) -> _Geometry:
    _check_image(x, op)
    kernel = _pair(kernel_size, "kernel_size", op, 1)
    strides = kernel if stride is None else _pair(stride, "stride", op, 1)
    ph, pw = _pair(padding, "padding", op, 0)
    dil = (1, 1) if dilation == 1 else _pair(dilation, "dilation", op, 1)
    span = (dil[0] * (kernel[0] - 1) + 1, dil[1] * (kernel[1] - 1) + 1)
    if ph > span[0] // 2 or pw > span[1] // 2:
        raise ConfigError(
            f"{op}: padding {padding!r} must be at most half the kernel size {span} (dilated: d·(k-1) + 1) "
            "(otherwise a window could lie entirely in the padding)"
        )
    eh = _ceil_extra(x.shape[2], kernel[0], strides[0], ph, dil[0]) if ceil_mode else 0
    ew = _ceil_extra(x.shape[3], kernel[1], strides[1], pw, dil[1]) if ceil_mode else 0
    return _geometry(op, x.shape, kernel, strides, (ph, ph + eh, pw, pw + ew), f"pooling window {span}", dil)


def _pool_source(x: np.ndarray, geo: _Geometry, fill: float) -> np.ndarray:
    """(N, C, Hp, Wp) padded image: ``x`` itself when there is no padding."""
    if not geo.padded:
        return x
    return _image(_padded_flat(x, geo, fill, geo.n), geo).reshape(geo.n, geo.c, geo.hp, geo.wp)


def _tiles_exactly(geo: _Geometry) -> bool:
    """Windows neither overlap nor leave gaps nor touch padding (e.g. 2×2 stride 2 on even sizes)."""
    return (
        not geo.padded and geo.sh == geo.kh and geo.sw == geo.kw and geo.dh == geo.dw == 1
        and geo.h == geo.oh * geo.kh and geo.w == geo.ow * geo.kw
    )


def max_pool2d(
    x: Any, kernel_size: IntPair = 2, stride: IntPair | None = None, padding: IntPair = 0,
    dilation: IntPair = 1, ceil_mode: bool = False, return_indices: bool = False,
) -> Tensor | tuple[Tensor, Tensor]:
    """Max pooling: ``y[n, c, p, q] = max_{i,j} xpad[n, c, p·sh + i·dh, q·sw + j·dw]``.

    ``stride`` defaults to ``kernel_size``; ``padding`` (at most half the dilated
    kernel ``d·(k-1) + 1``) pads with -inf, so padding never wins. Output size
    ``floor((in + 2p - d·(k-1) - 1)/s) + 1``; ``ceil_mode`` rounds up instead
    (PyTorch's rule, see :func:`_ceil_extra`), the extra windows reading -inf
    padding on the bottom/right. ``return_indices``: also the winners' flat
    positions ``row·W + col`` in each input plane (int64), as PyTorch.

    Backward: each output's gradient goes to the element that won its window;
    ties go to the first in row-major window order (as PyTorch), so exactly one
    element receives it. Where windows overlap, an element collects the
    gradients of every window it won. The forward pass records the winners
    (one byte per output; under a byte per input on the fast path) only when
    a gradient will be needed.

    Fast path: for exactly tiling windows (e.g. 2×2 stride 2 with even H and W,
    no padding) the input is viewed as (N·C·OH, kh, OW, kw) and the max is taken
    in two separable stages, first over ``j`` (one long strided pass per ``j``)
    then over ``i``: the first maximum in row-major order is the first row's
    maximum among the rows that reach the overall maximum, so ties still go to
    the first element. Its backward routes ``g`` back through both stages by
    writing (not adding) into the views: no zero-fill, no accumulation.
    """
    op = "max_pool2d"
    x = as_tensor(x)
    geo = _pool_geometry(op, x, kernel_size, stride, padding, dilation, ceil_mode)
    need_grad = x.requires_grad and is_grad_enabled()
    if geo.kh * geo.kw > 255:
        raise ConfigError(f"{op}: pooling windows of more than 255 elements are not supported")
    if not return_indices and _tiles_exactly(geo):
        out, backward = _max_pool_tiled(x, geo, need_grad)
        return make_result(out, (x,), backward, op)

    n, c = geo.n, geo.c
    source = _pool_source(x.array, geo, -np.inf)
    out, winner = _running_max((view for _, _, view in _windows(source, geo)), need_grad or return_indices)
    if return_indices:
        winner = _nan_winners(out, winner, source, geo)

    def backward(g: np.ndarray) -> tuple:
        dpad = np.zeros((n, c, geo.hp, geo.wp), dtype=x.dtype)
        overlap = geo.sh < geo.dh * (geo.kh - 1) + 1 or geo.sw < geo.dw * (geo.kw - 1) + 1
        for t, (_, _, view) in enumerate(_windows(dpad, geo)):
            if overlap:
                view += g * (winner == t)
            else:
                np.multiply(g, winner == t, out=view)
        return (_crop(dpad, geo),)

    result = make_result(out, (x,), backward, op)
    return (result, Tensor(_flat_indices(winner, geo), dtype=np.int64)) if return_indices else result


def _nan_winners(out: np.ndarray, winner: np.ndarray, source: np.ndarray, geo: _Geometry) -> np.ndarray:
    """``winner`` with each NaN output's winner moved to the last NaN of its window: PyTorch's index
    (its loop takes ``val > max or isnan(val)``, so every NaN replaces the one before)."""
    nan = np.isnan(out)
    if not nan.any():
        return winner
    winner = winner.astype(np.uint8)
    for t, (_, _, view) in enumerate(_windows(source, geo)):
        winner[nan & np.isnan(view)] = t
    return winner


def _flat_indices(winner: np.ndarray, geo: _Geometry) -> np.ndarray:
    """PyTorch's pooling indices: the winner's position ``row·W + col`` in its unpadded input plane (int64).

    Window tap ``t = i·kw + j`` of output ``(p, q)`` reads row ``p·sh + i·dh - top`` and
    column ``q·sw + j·dw - left``.
    """
    tap = winner.astype(np.int64)
    rows = np.arange(geo.oh)[:, None] * geo.sh + (tap // geo.kw) * geo.dh - geo.top
    cols = np.arange(geo.ow) * geo.sw + (tap % geo.kw) * geo.dw - geo.left
    return rows * geo.w + cols


def _max_pool_tiled(x: Tensor, geo: _Geometry, need_grad: bool) -> tuple[np.ndarray, Any]:
    """Max pooling of exactly tiling windows by separable stages (see :func:`max_pool2d`):
    the input viewed as (N, C, OH, kh, OW, kw), the max over ``j`` then ``i``."""
    split = x.array.reshape(geo.n, geo.c, geo.oh, geo.kh, geo.ow, geo.kw)
    out, split_grad = tiled_max(split, [3, 5], need_grad)

    def backward(g: np.ndarray) -> tuple:
        return (split_grad(g).reshape(x.shape),)

    return out, backward


def _crop(dpad: np.ndarray, geo: _Geometry) -> np.ndarray:
    if not geo.padded:
        return dpad
    return np.ascontiguousarray(dpad[:, :, geo.top : geo.top + geo.h, geo.left : geo.left + geo.w])


def _axis_divisors(size: int, kernel: int, stride: int, pad: int, out: int, include_pad: bool) -> np.ndarray:
    """Per output along one axis, the window length PyTorch's average divides by.

    The window ``[o·s - p, o·s - p + k)`` is clipped to the padded input ``[-p, size + p)``
    (``ceil_mode``'s extra windows overhang it); without ``include_pad`` also to ``[0, size)``.
    """
    start = np.arange(out) * stride - pad
    end = np.minimum(start + kernel, size + pad)
    if not include_pad:
        start, end = np.maximum(start, 0), np.minimum(end, size)
    return end - start


def _avg_scale(geo: _Geometry, count_include_pad: bool, divisor_override: int | None, dtype: Any) -> np.ndarray:
    """``1/divisor``: a scalar (``kh·kw`` or ``divisor_override``), or an (OH, OW) array of
    ``1/(len_h[p]·len_w[q])`` (see :func:`_axis_divisors`) when windows count different elements."""
    if divisor_override is not None:
        return np.asarray(1.0 / divisor_override, dtype=dtype)
    ph, pw = geo.top, geo.left
    if (geo.bottom, geo.right) == (ph, pw) and (count_include_pad or not geo.padded):
        return np.asarray(1.0 / (geo.kh * geo.kw), dtype=dtype)
    lh = _axis_divisors(geo.h, geo.kh, geo.sh, ph, geo.oh, count_include_pad)
    lw = _axis_divisors(geo.w, geo.kw, geo.sw, pw, geo.ow, count_include_pad)
    return (1.0 / (lh[:, None] * lw[None, :])).astype(dtype)


def avg_pool2d(
    x: Any, kernel_size: IntPair = 2, stride: IntPair | None = None, padding: IntPair = 0,
    ceil_mode: bool = False, count_include_pad: bool = True, divisor_override: int | None = None,
) -> Tensor:
    """Average pooling: ``y[n, c, p, q] = (1/D[p, q]) Σ_{i,j} xpad[n, c, p·sh + i, q·sw + j]``.

    ``stride`` defaults to ``kernel_size``. As PyTorch: ``D = kh·kw`` (zero padding
    counts, ``count_include_pad=True``); ``count_include_pad=False`` counts only the
    input elements in the window; ``ceil_mode`` (the output rounded up as in
    :func:`max_pool2d`) never counts the extra windows' overhang past the padding;
    ``divisor_override`` replaces ``D`` everywhere.
    Backward: every element of a window receives ``g / D[p, q]`` (summed over the
    windows that contain it).
    """
    op = "avg_pool2d"
    x = as_tensor(x)
    geo = _pool_geometry(op, x, kernel_size, stride, padding, 1, ceil_mode)
    if divisor_override is not None and (isinstance(divisor_override, bool) or int(divisor_override) <= 0):
        raise ConfigError(f"{op}: divisor_override must be a positive int, got {divisor_override!r}")
    windows = _windows(_pool_source(x.array, geo, 0.0), geo)
    _, _, first = next(windows)
    out = first.copy()
    for _, _, view in windows:
        out += view
    scale = _avg_scale(geo, count_include_pad, divisor_override, out.dtype)
    out *= scale

    def backward(g: np.ndarray) -> tuple:
        share = g * scale.astype(g.dtype, copy=False)
        if _tiles_exactly(geo):
            dx = np.empty((geo.n, geo.c, geo.oh, geo.kh, geo.ow, geo.kw), dtype=x.dtype)
            dx[...] = share[:, :, :, None, :, None]
            return (dx.reshape(x.shape),)
        dpad = np.zeros((geo.n, geo.c, geo.hp, geo.wp), dtype=x.dtype)
        for _, _, view in _windows(dpad, geo):
            view += share
        return (_crop(dpad, geo),)

    return make_result(out, (x,), backward, op)


def global_avg_pool2d(x: Any) -> Tensor:
    """Mean over each channel's whole image: ``y[n, c] = (1/(H·W)) Σ_{p,q} x[n, c, p, q]`` → (N, C).

    Backward: ``dL/dx[n, c, p, q] = g[n, c] / (H·W)``.
    """
    x = as_tensor(x)
    _check_image(x, "global_avg_pool2d")
    n, c, h, w = x.shape
    out = x.array.mean(axis=(2, 3), dtype=x.dtype)

    def backward(g: np.ndarray) -> tuple:
        share = g * np.asarray(1.0 / (h * w), dtype=g.dtype)
        return (np.broadcast_to(share[:, :, None, None], x.shape).copy(),)

    return make_result(out, (x,), backward, "global_avg_pool2d")


def max_unpool2d(x: Any, indices: Any, output_hw: tuple[int, int]) -> Tensor:
    """The partial inverse of :func:`max_pool2d` with indices: zeros of shape (N, C, *output_hw)
    with ``out[n, c].flat[indices[n, c, p, q]] = x[n, c, p, q]``.

    Backward: ``dL/dx[n, c, p, q] = g[n, c].flat[indices[n, c, p, q]]`` (a gather).
    """
    op = "max_unpool2d"
    x = as_tensor(x)
    _check_image(x, op)
    index = np.asarray(indices.array if isinstance(indices, Tensor) else indices)
    if index.shape != x.shape or index.dtype.kind not in "iu":
        raise ShapeError(f"{op}: indices must be integers of the input's shape {x.shape}, "
                         f"got {index.dtype} of shape {index.shape}")
    n, c = x.shape[:2]
    size = output_hw[0] * output_hw[1]
    flat_index = index.reshape(n * c, -1).astype(np.int64, copy=False)
    if flat_index.size and (flat_index.min() < 0 or flat_index.max() >= size):
        raise ShapeError(f"{op}: found an index outside the output plane of {output_hw[0]}×{output_hw[1]} "
                         f"(indices range {flat_index.min()}..{flat_index.max()})")
    out = np.zeros((n * c, size), dtype=x.dtype)
    np.put_along_axis(out, flat_index, x.array.reshape(n * c, -1), axis=1)

    def backward(g: np.ndarray) -> tuple:
        return (np.take_along_axis(g.reshape(n * c, size), flat_index, axis=1).reshape(x.shape),)

    return make_result(out.reshape(n, c, *output_hw), (x,), backward, op)


def _adaptive_bounds(size: int, out: int) -> list[tuple[int, int]]:
    """PyTorch's adaptive windows along one axis: ``[floor(o·size/out), ceil((o+1)·size/out))``."""
    return [((o * size) // out, -(-((o + 1) * size) // out)) for o in range(out)]


def _winner(segment: np.ndarray, axis: int) -> np.ndarray:
    """Position along ``axis`` of the first maximum, or of the last NaN where there is one (PyTorch's
    loop takes ``val > max or isnan(val)``)."""
    best = segment.argmax(axis=axis)
    nan = np.isnan(segment)
    if not nan.any():
        return best
    last = segment.shape[axis] - 1 - np.flip(nan, axis=axis).argmax(axis=axis)
    return np.where(nan.any(axis=axis), last, best)


def adaptive_max_pool2d(
    x: Any, output_size: tuple[int, int], return_indices: bool = False
) -> Tensor | tuple[Tensor, Tensor]:
    """Max over PyTorch's adaptive windows (:func:`_adaptive_bounds`) to an (OH, OW) output.

    Max is separable: first over each column window of every row (``np.argmax``
    keeps the first maximum), then over each row window of those maxima, so the
    winner is the first maximum in row-major order, as PyTorch (a NaN wins: the
    last one, also as PyTorch, see :func:`_winner`). Indices are the
    winners' flat positions ``row·W + col`` in each plane (int64).
    Backward: each output's gradient is added to its winner (windows may overlap).
    """
    op = "adaptive_max_pool2d"
    x = as_tensor(x)
    _check_image(x, op)
    n, c, h, w = x.shape
    oh, ow = output_size
    if min(oh, ow) < 1 or min(h, w) < 1:
        raise ShapeError(f"{op}: cannot pool input of shape {x.shape} to output size {output_size}")
    cols = [(x.array[..., s:e].max(axis=-1), _winner(x.array[..., s:e], -1) + s) for s, e in _adaptive_bounds(w, ow)]
    across, col_index = np.stack([m for m, _ in cols], -1), np.stack([a for _, a in cols], -1)  # (N, C, H, OW)
    out = np.empty((n, c, oh, ow), dtype=x.dtype)
    index = np.empty((n, c, oh, ow), dtype=np.int64)
    for p, (s, e) in enumerate(_adaptive_bounds(h, oh)):
        row = _winner(across[:, :, s:e], 2)  # (N, C, OW)
        out[:, :, p] = np.take_along_axis(across[:, :, s:e], row[:, :, None], axis=2)[:, :, 0]
        col = np.take_along_axis(col_index[:, :, s:e], row[:, :, None], axis=2)[:, :, 0]
        index[:, :, p] = (row + s) * w + col

    def backward(g: np.ndarray) -> tuple:
        planes = (np.arange(n * c, dtype=np.int64) * (h * w))[:, None] + index.reshape(n * c, -1)
        dx = np.bincount(planes.ravel(), weights=g.ravel(), minlength=n * c * h * w)
        return (dx.reshape(x.shape).astype(x.dtype, copy=False),)

    result = make_result(out, (x,), backward, op)
    return (result, Tensor(index, dtype=np.int64)) if return_indices else result


# ----------------------------------------------------------------- pooling references
def max_pool2d_reference(
    x: Any, kernel_size: IntPair = 2, stride: IntPair | None = None, padding: IntPair = 0
) -> Tensor:
    """The maximum over the stacked window views of the ``-inf``-padded input, from concatenate,
    getitem, stack and max: the definition :func:`max_pool2d` is tested against.

    (On a tie within a window the reference shares the gradient; the fused op gives it to the first.)
    """
    return stack(_window_views(x, kernel_size, stride, padding, -np.inf)).amax(axis=0)


def avg_pool2d_reference(
    x: Any, kernel_size: IntPair = 2, stride: IntPair | None = None, padding: IntPair = 0
) -> Tensor:
    """The mean over the stacked window views of the zero-padded input, from concatenate, getitem,
    stack and mean: the definition :func:`avg_pool2d` is tested against."""
    return stack(_window_views(x, kernel_size, stride, padding, 0.0)).mean(axis=0)


def global_avg_pool2d_reference(x: Any) -> Tensor:
    """``mean`` over the H and W axes: the definition :func:`global_avg_pool2d` is tested against."""
    return as_tensor(x).mean(axis=(2, 3))


def _window_views(
    x: Any, kernel_size: IntPair, stride: IntPair | None, padding: IntPair, fill: float
) -> list[Tensor]:
    """For each kernel offset ``(i, j)``: ``xpad[:, :, i + sh·p, j + sw·q]`` over the output positions ``(p, q)``.

    ``xpad`` is ``x`` with ``padding`` values ``fill`` on each side, built by concatenation.
    """
    x = as_tensor(x)
    kh, kw = _pair(kernel_size, "kernel_size", "pooling", 1)
    sh, sw = (kh, kw) if stride is None else _pair(stride, "stride", "pooling", 1)
    ph, pw = _pair(padding, "padding", "pooling", 0)
    n, c, h, w = x.shape
    if ph:
        rows = np.full((n, c, ph, w), fill, dtype=x.dtype)
        x = concatenate([rows, x, rows], axis=2)
    if pw:
        columns = np.full((n, c, h + 2 * ph, pw), fill, dtype=x.dtype)
        x = concatenate([columns, x, columns], axis=3)
    oh, ow = (x.shape[2] - kh) // sh + 1, (x.shape[3] - kw) // sw + 1
    return [x[:, :, i : i + sh * (oh - 1) + 1 : sh, j : j + sw * (ow - 1) + 1 : sw]
            for i in range(kh) for j in range(kw)]
