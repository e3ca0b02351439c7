"""Discrete Fourier transforms and the complex parts, differentiable as torch differentiates them.

For a complex tensor torch's gradient is ``∂L/∂Re z + i·∂L/∂Im z`` of the real loss L, so a linear
map ``y = A·x`` sends ``g`` back as ``Aᴴ·g`` (its conjugate transpose), and a real input keeps the
real part. For the DFT ``F`` (``y_k = Σ_j x_j e^(-2πi jk/n)``), ``Fᴴ`` is the unscaled inverse; the
``norm`` scalings ('backward': 1 forward, 1/n inverse; 'ortho': 1/√n both; 'forward': 1/n forward)
make the adjoint of a transform with ``norm`` the opposite transform with the dual ``norm``
(:data:`DUAL`). ``rfft`` keeps the first ``n//2 + 1`` bins (its adjoint pads them with zeros);
``irfft`` reads them as a Hermitian spectrum, so its adjoint is ``rfft`` with the bins that stand
for two (all but bin 0 and, for even n, bin n/2) doubled.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ligero.tensor import Tensor, as_tensor, make_result

DUAL = {"backward": "forward", "forward": "backward", "ortho": "ortho"}


def _norm(norm: str | None) -> str:
    norm = "backward" if norm is None else norm
    if norm not in DUAL:
        raise ValueError(f'Invalid normalization mode: "{norm}" (expected "forward", "backward" or "ortho")')
    return norm


def _complex_dtype(a: Tensor) -> np.dtype:
    return np.result_type(a.array.dtype if a.array.dtype.kind in "fc" else np.float32, np.complex64)


def _resized(g: np.ndarray, axes: Sequence[int], shape: Sequence[int]) -> np.ndarray:
    """``g`` cut or zero-padded along ``axes`` to the lengths ``shape`` has there."""
    for ax in axes:
        n, m = g.shape[ax], shape[ax]
        if n > m:
            g = np.take(g, range(m), axis=ax)
        elif n < m:
            pad = [(0, 0)] * g.ndim
            pad[ax] = (0, m - n)
            g = np.pad(g, pad)
    return g


def _as_input(g: np.ndarray, a: Tensor) -> np.ndarray:
    """A gradient for ``a``: the real part when ``a`` is real, in ``a``'s dtype."""
    return (g if a.array.dtype.kind == "c" else g.real).astype(a.array.dtype, copy=False)


def _axes(a: Tensor, dim: Any) -> tuple[int, ...]:
    dims = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
    for d in dims:
        if not -a.ndim <= d < a.ndim:
            raise IndexError(f"Dimension out of range (expected to be in range of [{-a.ndim}, {a.ndim - 1}], "
                             f"but got {d})")
    return tuple(int(d) % a.ndim for d in dims)


def fftn(a: Any, s: Sequence[int] | None = None, dim: Any = None, norm: str | None = None,
         inverse: bool = False) -> Tensor:
    """The n-dimensional DFT of ``a`` over ``dim`` (the last ``len(s)`` axes, or all), ``s`` the lengths;
    ``inverse`` for the inverse transform. Backward: the opposite transform with the dual norm."""
    a, norm = as_tensor(a), _norm(norm)
    if dim is None:
        dim = tuple(range(a.ndim - len(s), a.ndim)) if s is not None else tuple(range(a.ndim))
    axes = _axes(a, dim)
    forward, backward_fn = (np.fft.ifftn, np.fft.fftn) if inverse else (np.fft.fftn, np.fft.ifftn)
    out = forward(a.array, s=s, axes=axes, norm=norm).astype(_complex_dtype(a), copy=False)

    def backward(g: np.ndarray) -> tuple:
        return (_as_input(_resized(backward_fn(g, axes=axes, norm=DUAL[norm]), axes, a.array.shape), a),)

    return make_result(out, (a,), backward, "ifftn" if inverse else "fftn")


def rfft(a: Any, n: int | None = None, dim: int = -1, norm: str | None = None) -> Tensor:
    """The DFT of a real signal along ``dim``, its first ``n//2 + 1`` bins. Backward: the bins padded
    with zeros to ``n``, the opposite transform with the dual norm, the real part."""
    a, norm = as_tensor(a), _norm(norm)
    if a.array.dtype.kind == "c":
        raise RuntimeError("rfft expects a real input tensor, but got a complex one")
    (axis,) = _axes(a, dim)
    length = a.array.shape[axis] if n is None else int(n)
    out = np.fft.rfft(a.array, n=length, axis=axis, norm=norm).astype(_complex_dtype(a), copy=False)

    def backward(g: np.ndarray) -> tuple:
        full = _resized(g, (axis,), tuple(length if i == axis else k for i, k in enumerate(g.shape)))
        return (_as_input(_resized(np.fft.ifft(full, axis=axis, norm=DUAL[norm]), (axis,), a.array.shape), a),)

    return make_result(out, (a,), backward, "fft_r2c")


def irfft(a: Any, n: int | None = None, dim: int = -1, norm: str | None = None) -> Tensor:
    """The real signal of length ``n`` (default ``2·(m - 1)``) whose Hermitian spectrum starts with the m
    bins of ``a`` along ``dim``. Backward: rfft of g with the dual norm, the bins standing for two doubled."""
    a, norm = as_tensor(a), _norm(norm)
    (axis,) = _axes(a, dim)
    length = 2 * (a.array.shape[axis] - 1) if n is None else int(n)
    real = np.result_type(a.array.real.dtype if a.array.dtype.kind in "fc" else np.float32)
    out = np.fft.irfft(a.array, n=length, axis=axis, norm=norm).astype(real, copy=False)

    def backward(g: np.ndarray) -> tuple:
        spectrum = np.fft.rfft(g, axis=axis, norm=DUAL[norm])
        twice = np.full(spectrum.shape[axis], 2.0)
        twice[0] = 1.0
        if length % 2 == 0:
            twice[-1] = 1.0
        spectrum = spectrum * twice.reshape([-1 if i == axis else 1 for i in range(g.ndim)])
        return (_as_input(_resized(spectrum, (axis,), a.array.shape), a),)

    return make_result(out, (a,), backward, "fft_c2r")


def real(a: Any) -> Tensor:
    """The real part (a real tensor itself);  dL/dz = g."""
    a = as_tensor(a)
    if a.array.dtype.kind != "c":
        return a
    return make_result(a.array.real, (a,), lambda g: (g.astype(a.array.dtype),), "real")


def imag(a: Any) -> Tensor:
    """The imaginary part of a complex tensor;  dL/dz = i·g."""
    a = as_tensor(a)
    if a.array.dtype.kind != "c":
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    return make_result(a.array.imag, (a,), lambda g: (1j * g.astype(a.array.dtype),), "imag")


def conj(a: Any) -> Tensor:
    """The complex conjugate (a real tensor itself);  dL/dz = conj(g)."""
    a = as_tensor(a)
    if a.array.dtype.kind != "c":
        return a
    return make_result(np.conj(a.array), (a,), lambda g: (np.conj(g),), "conj")


def angle(a: Any) -> Tensor:
    """The argument ``atan2(Im z, Re z)`` (0 or π for a real tensor);  dL/dz = g·i·z/|z|² (0 at 0)."""
    a = as_tensor(a)
    out = np.angle(a.array).astype(a.array.real.dtype if a.array.dtype.kind in "fc" else np.float32)

    def backward(g: np.ndarray) -> tuple:
        if a.array.dtype.kind != "c":
            return (np.zeros_like(a.array),)
        size = np.abs(a.array) ** 2
        with np.errstate(divide="ignore", invalid="ignore"):
            grad = np.where(size > 0, g * 1j * a.array / np.where(size > 0, size, 1), 0)
        return (grad.astype(a.array.dtype),)

    return make_result(out, (a,), backward, "angle")


def view_as_real(a: Any) -> Tensor:
    """A complex tensor as a real one with a last axis of 2 (real, imaginary);  dL/dz = g[..., 0] + i·g[..., 1]."""
    a = as_tensor(a)
    if a.array.dtype.kind != "c":
        raise RuntimeError("view_as_real is only supported for complex tensors")
    out = np.stack([a.array.real, a.array.imag], axis=-1)
    return make_result(out, (a,), lambda g: ((g[..., 0] + 1j * g[..., 1]).astype(a.array.dtype),), "view_as_real")


def complex(real_part: Any, imag_part: Any) -> Tensor:  # noqa: A001 - torch's name
    """``real + i·imag`` of two real tensors of one floating dtype;  dL/dre = Re g, dL/dim = Im g."""
    re, im = as_tensor(real_part), as_tensor(imag_part)
    if re.array.dtype != im.array.dtype or re.array.dtype.kind != "f":
        raise RuntimeError(f"Expected both inputs to be Half, Float or Double tensors of one dtype but got "
                           f"{re.array.dtype} and {im.array.dtype}")
    out = re.array + 1j * im.array.astype(np.result_type(re.array.dtype, np.complex64))
    return make_result(out.astype(np.result_type(re.array.dtype, np.complex64)), (re, im),
                       lambda g: (g.real.astype(re.array.dtype), g.imag.astype(im.array.dtype)), "complex")
