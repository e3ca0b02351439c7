"""``torch.linalg`` for the PyTorch face: norms, inverses, solvers and decompositions.

Each function has torch 2.13's name, arguments, defaults and result fields
(``slogdet(A).logabsdet``, ``qr(A).Q``, ``lstsq(A, B).solution``...). The
differentiable pieces and their backward rules live in :mod:`ligero.ops.linalg`;
what is here composes them (``matrix_norm('nuc')`` is the sum of ``svdvals``,
``pinv`` is ``(AᵀA)⁻¹Aᵀ`` or its SVD form, ``lstsq``'s solution is ``pinv(A) B``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from ligero import ops
from ligero.ops import linalg as _ops
from ligero.ops._common import normalize_axes
from ligero.ops.linalg import LinAlgError, det, inv, svdvals
from ligero.ops.linalg import cholesky as _cholesky
from ligero.tensor import Tensor, as_tensor
from ligero.torch_functions import cross as _cross

__all__ = [
    "LinAlgError", "cholesky", "cross", "det", "eigh", "eigvalsh", "inv", "lstsq", "matmul", "matrix_norm",
    "matrix_power", "matrix_rank", "multi_dot", "norm", "pinv", "qr", "slogdet", "solve", "svd", "svdvals",
    "vecdot", "vector_norm",
]


class SlogdetResult(NamedTuple):
    sign: Tensor
    logabsdet: Tensor


class QRResult(NamedTuple):
    Q: Tensor  # noqa: N815 - torch's field names
    R: Tensor  # noqa: N815


class EighResult(NamedTuple):
    eigenvalues: Tensor
    eigenvectors: Tensor


class SVDResult(NamedTuple):
    U: Tensor  # noqa: N815
    S: Tensor  # noqa: N815
    Vh: Tensor  # noqa: N815


class LstsqResult(NamedTuple):
    solution: Tensor
    residuals: Tensor
    rank: Tensor
    singular_values: Tensor


def _with_dtype(x: Any, dtype: Any) -> Tensor:
    x = as_tensor(x)
    return x if dtype is None else x.to(dtype)


def vector_norm(x: Any, ord: float = 2, dim: Any = None, keepdim: bool = False, *,  # noqa: A002
                dtype: Any = None) -> Tensor:
    """``(Σ |x_i|^ord)^(1/ord)`` over ``dim`` (all elements when None); ord ±inf: max/min |x_i|, 0: count ≠ 0."""
    x = _with_dtype(x, dtype)
    if x.array.dtype.kind != "f":
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point tensor as input. Got {x.array.dtype}")
    axes = None if dim is None else normalize_axes(dim, x.ndim)
    return _ops.vector_norm(x, ord, axes, keepdim)


def _dims(dim: Any, ndim: int) -> tuple[int, int]:
    if not isinstance(dim, (tuple, list)) or len(dim) != 2:
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got {dim}")
    rows, cols = (d % ndim for d in dim)
    if rows == cols:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({dim[0]}, {dim[1]})")
    return rows, cols


def matrix_norm(A: Any, ord: Any = "fro", dim: tuple[int, int] = (-2, -1), keepdim: bool = False, *,  # noqa: A002, N803
                dtype: Any = None) -> Tensor:
    """A matrix norm over the two ``dim``: 'fro' √Σa², 'nuc' Σσ, ±2 max/min σ, ±1 max/min column
    sum of |a|, ±inf max/min row sum of |a|."""
    a = _with_dtype(A, dtype)
    if a.ndim < 2:
        raise RuntimeError(f"linalg.matrix_norm: The input tensor A must have at least 2 dimensions, "
                           f"got shape {tuple(a.shape)}")
    rows, cols = _dims(dim, a.ndim)
    if ord == "fro":
        return _ops.vector_norm(a, 2, tuple(sorted((rows, cols))), keepdim)
    if ord in ("nuc", 2, -2):
        moved = ops.permute(a, [d for d in range(a.ndim) if d not in (rows, cols)] + [rows, cols])
        s = svdvals(moved)
        out = ops.sum(s, -1) if ord == "nuc" else (ops.max if ord == 2 else ops.min)(s, -1)
        for d in sorted((rows, cols)) if keepdim else ():
            out = ops.unsqueeze(out, d)
        return out
    if ord not in (1, -1, float("inf"), float("-inf")):
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    inner, outer = (rows, cols) if abs(ord) == 1 else (cols, rows)
    sums = ops.sum(ops.abs(a), inner, True)
    out = (ops.max if ord > 0 else ops.min)(sums, outer, True)
    return out if keepdim else ops.squeeze(out, tuple(sorted((rows, cols))))


def norm(A: Any, ord: Any = None, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:  # noqa: A002, N803
    """A vector norm (``dim`` an int, or a 1-D input) or a matrix norm (``dim`` a 2-tuple, or a 2-D input
    with ``ord`` given); with neither ``ord`` nor ``dim``, the 2-norm of all elements."""
    a = as_tensor(A)
    if isinstance(dim, int):
        dim = (dim,)
    if dim is not None and len(dim) == 2 or dim is None and ord is not None and a.ndim == 2:
        return matrix_norm(a, "fro" if ord is None else ord, (-2, -1) if dim is None else tuple(dim), keepdim,
                           dtype=dtype)
    if ord is not None and dim is None and a.ndim != 1:
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. "
                           f"Got {a.ndim}D.")
    if isinstance(ord, str):
        raise RuntimeError(f"linalg.norm: order {ord} not supported for a vector norm")
    return vector_norm(a, 2 if ord is None else ord, dim, keepdim, dtype=dtype)


def slogdet(A: Any) -> SlogdetResult:  # noqa: N803
    """``(sign, log|det A|)`` of (batches of) square matrices."""
    return SlogdetResult(*_ops.slogdet(A))


def solve(A: Any, B: Any, *, left: bool = True) -> Tensor:  # noqa: N803
    """X with ``A X = B`` (``left``) or ``X A = B`` (solved as Aᵀ Xᵀ = Bᵀ)."""
    if left:
        return _ops.solve(A, B)
    return ops.swapdims(_ops.solve(ops.swapdims(as_tensor(A), -1, -2), ops.swapdims(as_tensor(B), -1, -2)), -1, -2)


def cholesky(A: Any, *, upper: bool = False) -> Tensor:  # noqa: N803
    """L with ``A = L Lᵀ`` (or U = Lᵀ with ``upper``)."""
    low = _cholesky(A)
    return ops.swapdims(low, -1, -2) if upper else low


def qr(A: Any, mode: str = "reduced") -> QRResult:  # noqa: N803
    """``A = QR``: Q with orthonormal columns, R upper triangular (mode 'r' gives an empty Q)."""
    return QRResult(*_ops.qr(A, mode))


def eigh(A: Any, UPLO: str = "L") -> EighResult:  # noqa: N803
    """Eigenvalues (ascending) and eigenvectors (columns) of symmetric matrices, reading triangle ``UPLO``."""
    return EighResult(*_ops.eigh(A, UPLO))


def eigvalsh(A: Any, UPLO: str = "L") -> Tensor:  # noqa: N803
    """The eigenvalues of :func:`eigh`."""
    return _ops.eigh(A, UPLO)[0]


def svd(A: Any, full_matrices: bool = True) -> SVDResult:  # noqa: N803
    """``A = U diag(S) Vh`` with S descending."""
    return SVDResult(*_ops.svd(A, full_matrices))


def _tolerance(s: np.ndarray, shape: tuple[int, ...], atol: Any, rtol: Any) -> np.ndarray:
    """torch's cut-off ``max(atol, rtol·σ_max)``; rtol defaults to eps·max(m, n) when atol is not given."""
    atol = 0.0 if atol is None else (atol.array if isinstance(atol, Tensor) else atol)
    if rtol is None:
        rtol = np.finfo(s.dtype).eps * max(shape[-2:]) if np.all(np.asarray(atol) == 0) else 0.0
    rtol = rtol.array if isinstance(rtol, Tensor) else rtol
    smax = s[..., :1] if s.shape[-1] else np.zeros(s.shape[:-1] + (1,), s.dtype)
    return np.maximum(np.asarray(atol)[..., None] if np.ndim(atol) else atol, np.asarray(rtol) * smax)


def matrix_rank(A: Any, *, atol: Any = None, rtol: Any = None, hermitian: bool = False) -> Tensor:  # noqa: N803
    """The number of singular values above ``max(atol, rtol·σ_max)`` (int64)."""
    a = _ops._float_matrix("linalg.matrix_rank", A, square=False)
    s = np.linalg.svd(a.array, compute_uv=False)
    return Tensor(np.asarray((s > _tolerance(s, a.array.shape, atol, rtol)).sum(-1), np.int64), dtype=np.int64)


def pinv(A: Any, *, atol: Any = None, rtol: Any = None, hermitian: bool = False) -> Tensor:  # noqa: N803
    """The Moore-Penrose pseudo-inverse: ``(AᵀA)⁻¹Aᵀ`` (m ≥ n) or ``Aᵀ(AAᵀ)⁻¹`` at full rank,
    else ``V diag(1/σ) Uᵀ`` over the singular values above the cut-off."""
    a = _ops._float_matrix("linalg.pinv", A, square=False)
    m, n = a.array.shape[-2:]
    if bool(np.all(matrix_rank(a, atol=atol, rtol=rtol).array == min(m, n))) and min(m, n):
        at = ops.swapdims(a, -1, -2)
        return ops.matmul(inv(ops.matmul(at, a)), at) if m >= n else ops.matmul(at, inv(ops.matmul(a, at)))
    u, s, vh = _ops.svd(a, full_matrices=False)
    keep = s.array > _tolerance(s.array, a.array.shape, atol, rtol)
    inv_s = ops.where(Tensor(keep), 1.0 / ops.where(Tensor(keep), s, 1.0), 0.0)
    return ops.matmul(ops.swapdims(vh, -1, -2) * ops.unsqueeze(inv_s, -2), ops.swapdims(u, -1, -2))


def lstsq(A: Any, B: Any, rcond: float | None = None, *, driver: str | None = None) -> LstsqResult:  # noqa: N803
    """The least-squares solution of ``A X ≈ B`` (``pinv(A) @ B``), with torch's other fields:
    residuals ‖AX - B‖² per column (only for the drivers 'gelsd'/'gelss'/'gelsy'... where torch gives
    them: m > n and full rank, not the default 'gelsy'), rank, and the singular values ('gelsd', 'gelss')."""
    a = _ops._float_matrix("linalg.lstsq", A, square=False)
    b = as_tensor(B)
    if b.ndim < 1 or b.array.shape[0 if b.ndim == 1 else -2] != a.array.shape[-2]:
        raise RuntimeError(f"torch.linalg.lstsq: input.size(-2) should match other.size(-2), got A "
                           f"{tuple(a.shape)} and B {tuple(b.shape)}")
    driver = driver or "gelsy"
    if driver not in ("gels", "gelsy", "gelsd", "gelss"):
        raise RuntimeError(f"torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss), "
                           f"got {driver}")
    rtol = None if rcond is None else rcond
    solution = ops.matmul(pinv(a, rtol=rtol), b)
    empty = Tensor(np.zeros(0, a.array.dtype), dtype=a.array.dtype)
    rank = matrix_rank(a, rtol=rtol) if driver != "gels" else Tensor(np.zeros(0, np.int64), dtype=np.int64)
    m, n = a.array.shape[-2:]
    residuals = empty
    if driver != "gelsy" and m > n and bool(np.all(rank.array == n)):
        diff = ops.matmul(a, solution) - b
        residuals = ops.sum(diff * diff, -2 if b.ndim > 1 else -1)
    values = svdvals(a).detach() if driver in ("gelsd", "gelss") else empty
    return LstsqResult(solution, residuals, rank, values)


def cross(input: Any, other: Any, *, dim: int = -1) -> Tensor:  # noqa: A002
    """The cross product of 3-vectors along ``dim`` (inputs broadcast)."""
    a, b = as_tensor(input), as_tensor(other)
    shape = np.broadcast_shapes(a.array.shape, b.array.shape)
    return _cross(ops.expand(a, shape), ops.expand(b, shape), dim)


def multi_dot(tensors: Sequence[Any]) -> Tensor:
    """``A₁ @ A₂ @ … @ Aₖ`` of 2-D tensors (the first may be a row vector, the last a column vector)."""
    parts = [as_tensor(t) for t in tensors]
    if len(parts) < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {len(parts)}")
    for i, p in enumerate(parts):
        allowed = (1, 2) if i in (0, len(parts) - 1) else (2,)
        if p.ndim not in allowed:
            raise RuntimeError(f"multi_dot(): tensor {i} must be {' or '.join(f'{d}D' for d in allowed)} "
                               f"but got {p.ndim}D")
    out = parts[0]
    for p in parts[1:]:
        out = ops.matmul(out, p)
    return out


def matmul(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``input @ other`` (torch.linalg.matmul is torch.matmul)."""
    return ops.matmul(input, other)


def vecdot(x: Any, y: Any, *, dim: int = -1) -> Tensor:
    """``Σ x_i y_i`` along ``dim`` (inputs broadcast)."""
    return ops.sum(ops.mul(x, y), dim)


def matrix_power(A: Any, n: int) -> Tensor:  # noqa: N803
    """``Aⁿ`` by repeated squaring (``A⁻¹`` to the power |n| for n < 0, the identity for n = 0)."""
    a = _ops._float_matrix("linalg.matrix_power", A) if n < 0 else as_tensor(A)
    if n == 0:
        eye = np.broadcast_to(np.eye(a.array.shape[-1], dtype=a.array.dtype), a.array.shape).copy()
        return Tensor(eye, dtype=eye.dtype)
    base, result, k = (inv(a) if n < 0 else a), None, abs(n)
    while k:
        if k & 1:
            result = base if result is None else ops.matmul(result, base)
        k >>= 1
        if k:
            base = ops.matmul(base, base)
    return result
