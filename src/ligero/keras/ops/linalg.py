"""``keras.ops`` linear algebra (``keras.ops.linalg``'s functions at the top level, as Keras exports them):
thin adapters over ligero's differentiable ``ligero.linalg``."""

from __future__ import annotations

from typing import Any

from ligero import linalg as _linalg
from ligero.keras.ops.core import convert_to_tensor, floating
from ligero.tensor import Tensor


def det(x: Any) -> Tensor:
    return _linalg.det(floating(x))


def inv(x: Any) -> Tensor:
    return _linalg.inv(floating(x))


def solve(a: Any, b: Any) -> Tensor:
    """``x`` with ``a @ x = b``."""
    return _linalg.solve(floating(a), floating(b))


def cholesky(x: Any, upper: bool = False) -> Tensor:
    """``L`` with ``x = L Lᵀ`` (lower), or ``U = Lᵀ`` when ``upper``."""
    return _linalg.cholesky(floating(x), upper=upper)


def logdet(x: Any) -> Tensor:
    """``log det x`` of a positive-definite ``x`` (``log |det x|``)."""
    return _linalg.slogdet(floating(x)).logabsdet


def qr(x: Any, mode: str = "reduced") -> tuple[Tensor, Tensor]:
    """``(Q, R)`` with ``x = Q R``."""
    out = _linalg.qr(floating(x), mode)
    return out.Q, out.R


def svd(x: Any, full_matrices: bool = True, compute_uv: bool = True) -> Any:
    """``(U, S, Vh)`` with ``x = U diag(S) Vh`` (only ``S`` without ``compute_uv``)."""
    if not compute_uv:
        return _linalg.svdvals(floating(x))
    out = _linalg.svd(floating(x), full_matrices)
    return out.U, out.S, out.Vh


def eigh(x: Any) -> tuple[Tensor, Tensor]:
    """``(eigenvalues ascending, eigenvectors as columns)`` of a symmetric ``x``."""
    out = _linalg.eigh(floating(x))
    return out.eigenvalues, out.eigenvectors


def lstsq(a: Any, b: Any, rcond: float | None = None) -> Tensor:
    """The least-squares solution ``x`` of ``a @ x ≈ b``."""
    return _linalg.lstsq(floating(a), convert_to_tensor(b), rcond).solution


__all__ = ["cholesky", "det", "eigh", "inv", "logdet", "lstsq", "qr", "solve", "svd"]
