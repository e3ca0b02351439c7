"""``torch.fft``: discrete Fourier transforms (differentiable; see :mod:`ligero.ops.spectral`),
their sample frequencies and the zero-frequency shifts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ligero import dtypes
from ligero.grad_fn import present
from ligero.ops import shape as _shape
from ligero.ops.spectral import fftn as _fftn
from ligero.ops.spectral import irfft, rfft
from ligero.tensor import Tensor, as_tensor

__all__ = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "fftfreq", "rfftfreq",
           "fftshift", "ifftshift"]


def fft(input: Any, n: int | None = None, dim: int = -1, norm: str | None = None) -> Tensor:  # noqa: A002
    """``y_k = Σ_j x_j e^(-2πi jk/n)`` along ``dim`` (``x`` cut or zero-padded to ``n``)."""
    out = _fftn(input, None if n is None else (n,), (dim,), norm)
    real = isinstance(input, Tensor) and input.array.dtype.kind != "c"
    return present(out, "fft_r2c") if real else out  # torch's name for the transform of a real signal


def ifft(input: Any, n: int | None = None, dim: int = -1, norm: str | None = None) -> Tensor:  # noqa: A002
    """``x_j = (1/n) Σ_k y_k e^(2πi jk/n)`` along ``dim``."""
    return _fftn(input, None if n is None else (n,), (dim,), norm, inverse=True)


def fftn(input: Any, s: Sequence[int] | None = None, dim: Any = None, norm: str | None = None) -> Tensor:  # noqa: A002
    """The DFT over several dimensions (all of them by default)."""
    return _fftn(input, s, dim, norm)


def ifftn(input: Any, s: Sequence[int] | None = None, dim: Any = None, norm: str | None = None) -> Tensor:  # noqa: A002
    """The inverse DFT over several dimensions (all of them by default)."""
    return _fftn(input, s, dim, norm, inverse=True)


def fft2(input: Any, s: Sequence[int] | None = None, dim: Any = (-2, -1), norm: str | None = None) -> Tensor:  # noqa: A002
    """The 2-D DFT over the last two dimensions."""
    return _fftn(input, s, dim, norm)


def ifft2(input: Any, s: Sequence[int] | None = None, dim: Any = (-2, -1), norm: str | None = None) -> Tensor:  # noqa: A002
    """The inverse 2-D DFT over the last two dimensions."""
    return _fftn(input, s, dim, norm, inverse=True)


def _frequencies(values: np.ndarray, dtype: Any, requires_grad: bool) -> Tensor:
    target = dtypes.to_numpy(dtype) or dtypes.DEFAULT_FLOAT.dtype
    return Tensor(values.astype(target), requires_grad=requires_grad)


def fftfreq(n: int, d: float = 1.0, *, dtype: Any = None, device: Any = None, requires_grad: bool = False,
            **_: Any) -> Tensor:
    """The sample frequencies ``[0, 1, ..., n/2-1, -n/2, ..., -1] / (d·n)`` of an n-point DFT."""
    return _frequencies(np.fft.fftfreq(n, d), dtype, requires_grad)


def rfftfreq(n: int, d: float = 1.0, *, dtype: Any = None, device: Any = None, requires_grad: bool = False,
             **_: Any) -> Tensor:
    """The sample frequencies ``[0, 1, ..., n//2] / (d·n)`` of rfft's bins."""
    return _frequencies(np.fft.rfftfreq(n, d), dtype, requires_grad)


def _shifted(input: Any, dim: Any, sign: int) -> Tensor:
    a = as_tensor(input)
    dims = tuple(range(a.ndim)) if dim is None else ((dim,) if isinstance(dim, int) else tuple(dim))
    return _shape.roll(a, tuple(sign * (a.shape[d] // 2) for d in dims), dims)


def fftshift(input: Any, dim: Any = None) -> Tensor:  # noqa: A002
    """The zero frequency moved to the centre (a roll by n//2 along each of ``dim``)."""
    return _shifted(input, dim, 1)


def ifftshift(input: Any, dim: Any = None) -> Tensor:  # noqa: A002
    """The inverse of :func:`fftshift` (a roll by -(n//2))."""
    return _shifted(input, dim, -1)
