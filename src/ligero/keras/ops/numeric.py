"""``keras.ops``'s integer, bitwise, set-membership and NaN-aware functions, and a few more of NumPy's
(``trapezoid``, ``vander``, ``corrcoef``, ``cdist``, ``pinv``...), as thin adapters over ligero's ops."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import linalg as _linalg
from ligero import ops as _ops
from ligero import torch_functions as _torch
from ligero.keras.ops.core import cast, convert_to_numpy, convert_to_tensor, floating, wrap
from ligero.keras.ops.indexing import diag
from ligero.keras.ops.reduce import cumprod, cumsum, mean, prod, sum
from ligero.keras.ops.shapes import split
from ligero.tensor import Tensor


def _integers(name: str, fn: Any) -> Any:
    def op(x: Any, y: Any) -> Tensor:
        a, b = convert_to_numpy(x), convert_to_numpy(y)
        if a.dtype.kind not in "biu" or b.dtype.kind not in "biu":
            raise ValueError(f"{name}: expected integer or bool inputs, got {a.dtype} and {b.dtype}")
        return wrap(fn(a, b))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}`` of integer tensors, elementwise (NumPy's ``{fn.__name__}``; no gradient)."
    return op


gcd, lcm = _integers("gcd", np.gcd), _integers("lcm", np.lcm)
bitwise_and, bitwise_or = _integers("bitwise_and", np.bitwise_and), _integers("bitwise_or", np.bitwise_or)
bitwise_xor = _integers("bitwise_xor", np.bitwise_xor)
left_shift, right_shift = _integers("left_shift", np.left_shift), _integers("right_shift", np.right_shift)
bitwise_left_shift, bitwise_right_shift = left_shift, right_shift


def bitwise_invert(x: Any) -> Tensor:
    """``~x`` of an integer or bool tensor."""
    a = convert_to_numpy(x)
    if a.dtype.kind not in "biu":
        raise ValueError(f"bitwise_invert: expected an integer or bool input, got {a.dtype}")
    return wrap(np.invert(a))


bitwise_not = bitwise_invert


def isin(x1: Any, x2: Any, assume_unique: bool = False, invert: bool = False) -> Tensor:
    """True where an entry of ``x1`` occurs in ``x2`` (False there with ``invert``)."""
    return wrap(np.isin(convert_to_numpy(x1), convert_to_numpy(x2), invert=invert))


def isposinf(x: Any) -> Tensor:
    return wrap(np.isposinf(convert_to_numpy(x)))


def isneginf(x: Any) -> Tensor:
    return wrap(np.isneginf(convert_to_numpy(x)))


def in_top_k(targets: Any, predictions: Any, k: int) -> Tensor:
    """True where ``predictions[i, targets[i]]`` is among the ``k`` largest of row ``i``."""
    p, t = convert_to_numpy(predictions), convert_to_numpy(targets).astype(np.int64).reshape(-1)
    if p.ndim != 2 or t.size != p.shape[0]:
        raise ValueError(f"in_top_k: expected predictions (N, C) and N targets, got {p.shape} and {t.size}")
    target = p[np.arange(t.size), t]
    return wrap((p > target[:, None]).sum(axis=1) < int(k))


def _nan_as(x: Any, value: float) -> Tensor:
    x = convert_to_tensor(x)
    return x if x.array.dtype.kind != "f" else _ops.where(x.ne(x), value, x)


def nanprod(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """``Π x`` over ``axis``, NaNs counted as 1."""
    return prod(_nan_as(x, 1.0), axis, keepdims)


def nancumsum(x: Any, axis: int | None = None, dtype: Any = None) -> Tensor:
    return cumsum(_nan_as(x, 0.0), axis, dtype)


def nancumprod(x: Any, axis: int | None = None, dtype: Any = None) -> Tensor:
    return cumprod(_nan_as(x, 1.0), axis, dtype)


def nanvar(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """The population variance over ``axis`` of the values that are not NaN."""
    x = floating(x)
    keep = cast(x.eq(x), x.array.dtype)
    count = sum(keep, axis, True)
    centre = sum(_nan_as(x, 0.0), axis, True) / count
    deviation = _nan_as(x - centre, 0.0)
    return sum(deviation * deviation, axis, keepdims) / (count if keepdims else sum(keep, axis, False))


def nanstd(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return _ops.sqrt(nanvar(x, axis, keepdims))


def fmax(x1: Any, x2: Any) -> Tensor:
    """The larger of ``x1`` and ``x2`` elementwise, a NaN giving way to the other value."""
    a, b = floating(x1), floating(x2)
    return _ops.where(a.ne(a), b, _ops.where(b.ne(b), a, _ops.maximum(a, b)))


def fmin(x1: Any, x2: Any) -> Tensor:
    """The smaller of ``x1`` and ``x2`` elementwise, a NaN giving way to the other value."""
    a, b = floating(x1), floating(x2)
    return _ops.where(a.ne(a), b, _ops.where(b.ne(b), a, _ops.minimum(a, b)))


def isreal(x: Any) -> Tensor:
    """True everywhere (ligero has no complex tensors)."""
    return wrap(np.ones(convert_to_tensor(x).shape, dtype=bool))


def ldexp(x1: Any, x2: Any) -> Tensor:
    """``x1 · 2^x2`` (``x2`` integer)."""
    exponent = convert_to_numpy(x2)
    if exponent.dtype.kind not in "iu":
        raise ValueError(f"ldexp: the exponent must be an integer tensor, got {exponent.dtype}")
    x = floating(x1)
    return x * wrap(np.ldexp(np.ones((), x.array.dtype), exponent).astype(x.array.dtype))


def _arg_ignoring_nan(fn: Any, x: Any, axis: Any, keepdims: bool) -> Tensor:
    values = convert_to_numpy(x)
    return wrap(np.asarray(fn(values, axis=axis, keepdims=keepdims), dtype=np.int32))


def nanargmax(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """The index of the largest non-NaN value along ``axis`` (int32)."""
    return _arg_ignoring_nan(np.nanargmax, x, axis, keepdims)


def nanargmin(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """The index of the smallest non-NaN value along ``axis`` (int32)."""
    return _arg_ignoring_nan(np.nanargmin, x, axis, keepdims)


def _window(fn: Any, x: Any, *args: Any) -> Tensor:
    return wrap(fn(int(convert_to_numpy(x)), *args).astype(np.float32))


def hamming(x: int) -> Tensor:
    """The Hamming window of ``x`` points: ``0.54 - 0.46·cos(2πn / (x - 1))``."""
    return _window(np.hamming, x)


def hanning(x: int) -> Tensor:
    """The Hann window of ``x`` points: ``0.5 - 0.5·cos(2πn / (x - 1))``."""
    return _window(np.hanning, x)


def bartlett(x: int) -> Tensor:
    """The triangular (Bartlett) window of ``x`` points."""
    return _window(np.bartlett, x)


def blackman(x: int) -> Tensor:
    """The Blackman window of ``x`` points."""
    return _window(np.blackman, x)


def kaiser(x: int, beta: float) -> Tensor:
    """The Kaiser window of ``x`` points with shape ``beta``."""
    return _window(np.kaiser, x, float(beta))


def matrix_rank(x: Any, tol: float | None = None) -> Tensor:
    """The number of singular values above ``tol`` (NumPy's default tolerance when None)."""
    return wrap(np.asarray(np.linalg.matrix_rank(convert_to_numpy(x), tol=tol), dtype=np.int32))


def slogdet(x: Any) -> tuple[Tensor, Tensor]:
    """``(sign, log |det x|)``."""
    out = _linalg.slogdet(floating(x))
    return out.sign, out.logabsdet


def vdot(x1: Any, x2: Any) -> Tensor:
    """``Σ x1.ravel() · x2.ravel()``."""
    a, b = convert_to_tensor(x1), convert_to_tensor(x2)
    return _ops.sum(_ops.mul(_ops.reshape(a, -1), _ops.reshape(b, -1)))


def psnr(x1: Any, x2: Any, max_val: float) -> Tensor:
    """The peak signal-to-noise ratio ``20·log10(max_val) - 10·log10(mean((x1 - x2)²))``."""
    a, b = floating(x1), floating(x2)
    if tuple(a.shape) != tuple(b.shape):
        raise ValueError(f"psnr: x1 of shape {tuple(a.shape)} and x2 of shape {tuple(b.shape)} differ")
    mse = mean((a - b) * (a - b))
    return _ops.log(mse) * (-10.0 / float(np.log(10.0))) + 20.0 * float(np.log10(max_val))


def geomspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, dtype: Any = None,
              axis: int = 0) -> Tensor:
    """``num`` values from ``start`` to ``stop`` evenly spaced on a log scale."""
    values = np.geomspace(np.asarray(start), np.asarray(stop), int(num), endpoint=endpoint, axis=axis)
    return wrap(values.astype(np.float32 if dtype is None else dtype))


def diagflat(x: Any, k: int = 0) -> Tensor:
    """The matrix with the flattened ``x`` on diagonal ``k``."""
    return diag(_ops.reshape(convert_to_tensor(x), -1), k)


def dsplit(x: Any, indices_or_sections: Any) -> list[Tensor]:
    return split(x, indices_or_sections, 2)


def real(x: Any) -> Tensor:
    """The real part: ``x`` itself (ligero has no complex tensors)."""
    return convert_to_tensor(x)


def imag(x: Any) -> Tensor:
    """The imaginary part: refused, as Keras's torch backend refuses it for real tensors (ligero has no
    complex ones)."""
    raise ValueError(f"imag: only complex tensors have an imaginary part, got {convert_to_tensor(x).array.dtype}")


conj = conjugate = real


def saturate_cast(x: Any, dtype: Any) -> Tensor:
    """``x`` clipped to the range of ``dtype``, then cast."""
    target = np.dtype(dtype)
    x = convert_to_tensor(x)
    if target.kind in "iu":
        info = np.iinfo(target)
        x = _ops.clip(x, float(info.min), float(info.max)) if x.array.dtype.kind == "f" else x
    return cast(x, target)


def pinv(x: Any, rcond: float | None = None) -> Tensor:
    """The Moore-Penrose pseudo-inverse (singular values below ``rcond·σ_max`` dropped)."""
    return _linalg.pinv(floating(x), rtol=rcond)


def cdist(x: Any, y: Any) -> Tensor:
    """Pairwise Euclidean distances ``out[..., i, j] = ‖x[..., i, :] - y[..., j, :]‖``."""
    return _torch.cdist(floating(x), floating(y))


def trapezoid(y: Any, x: Any = None, dx: float = 1.0, axis: int = -1) -> Tensor:
    """``Σ (y[i] + y[i+1]) / 2 · Δx_i`` along ``axis`` (the trapezoidal rule)."""
    y = floating(y)
    n = y.shape[axis]
    mids = (y.narrow(axis, 1, n - 1) + y.narrow(axis, 0, n - 1)) * 0.5
    if x is None:
        return sum(mids, axis) * float(dx)
    xs = floating(x)
    steps = xs.narrow(-1 if xs.ndim == 1 else axis, 1, n - 1) - xs.narrow(-1 if xs.ndim == 1 else axis, 0, n - 1)
    if xs.ndim == 1 and y.ndim > 1:
        view = [1] * y.ndim
        view[axis] = -1
        steps = steps.reshape(view)
    return sum(mids * steps, axis)


def vander(x: Any, N: int | None = None, increasing: bool = False) -> Tensor:  # noqa: N803 - Keras's name
    """``out[i, j] = x[i] ** (N - 1 - j)`` (``x[i] ** j`` when ``increasing``)."""
    x = convert_to_tensor(x)
    n = x.shape[0] if N is None else int(N)
    powers = np.arange(n) if increasing else np.arange(n)[::-1].copy()
    return _ops.pow(_ops.reshape(x, (-1, 1)), wrap(powers.astype(x.array.dtype)))


def corrcoef(x: Any) -> Tensor:
    """The correlation matrix of the rows of ``x``: ``cov[i, j] / √(cov[i, i]·cov[j, j])``."""
    x = floating(x)
    centred = x - mean(x, -1, True)
    cov = _ops.matmul(centred, _ops.transpose(centred))
    d = _ops.sqrt(diag(cov))
    return cov / _ops.mul(_ops.reshape(d, (-1, 1)), _ops.reshape(d, (1, -1)))


__all__ = [
    "bartlett", "bitwise_left_shift", "bitwise_right_shift", "blackman", "fmax", "fmin", "hamming", "hanning",
    "isreal", "kaiser", "ldexp", "matrix_rank", "nanargmax", "nanargmin", "psnr", "slogdet", "vdot",
    "bitwise_and", "bitwise_invert", "bitwise_not", "bitwise_or", "bitwise_xor", "cdist", "conj", "conjugate",
    "corrcoef", "dsplit", "diagflat", "gcd", "geomspace", "imag", "in_top_k", "isin", "isneginf", "isposinf", "lcm",
    "left_shift", "nancumprod", "nancumsum", "nanprod", "nanstd", "nanvar", "pinv", "real", "right_shift",
    "saturate_cast", "trapezoid", "vander",
]
