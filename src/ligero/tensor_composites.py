"""torch's less common Tensor methods, each composed of the core ones (so each is differentiable where
its parts are, with no backward rule of its own): aliases, element functions, splits and moves,
NaN-aware reductions, statistics and the matrix functions of ``torch.linalg`` under their old names.

:func:`install` makes them methods of :class:`~ligero.tensor.Tensor`; ``ligero.torch_functions``
gives each its function form (``torch.fmod(x, y)`` is ``x.fmod(y)``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ligero import linalg as _linalg
from ligero import ops
from ligero.statistics import RETURN_TYPES
from ligero.tensor import Tensor, _dim, as_tensor, no_grad


def _other(x: Tensor, other: Any) -> Tensor:
    return other if isinstance(other, Tensor) else Tensor(np.asarray(other, dtype=x.array.dtype))


class _Composites:
    """Its functions become Tensor's methods (see :func:`install`)."""

    # ------------------------------------------------------------ aliases
    def absolute(self) -> Tensor:
        return self.abs()

    def positive(self) -> Tensor:
        """``+x``: the tensor itself (torch's ``positive``)."""
        return self

    def sgn(self) -> Tensor:
        """The sign (of a real tensor: ``sign``)."""
        return self.sign()

    def not_equal(self, other: Any) -> Tensor:
        return self.ne(other)

    def greater(self, other: Any) -> Tensor:
        return self.gt(other)

    def greater_equal(self, other: Any) -> Tensor:
        return self.ge(other)

    def less(self, other: Any) -> Tensor:
        return self.lt(other)

    def less_equal(self, other: Any) -> Tensor:
        return self.le(other)

    def fliplr(self) -> Tensor:
        """Reversed along dimension 1 (at least 2-D)."""
        if self.ndim < 2:
            raise RuntimeError("Input must be >= 2-d.")
        return self.flip(1)

    def flipud(self) -> Tensor:
        """Reversed along dimension 0 (at least 1-D)."""
        if self.ndim < 1:
            raise RuntimeError("Input must be >= 1-d.")
        return self.flip(0)

    def msort(self) -> Tensor:
        """The values sorted along dimension 0."""
        return self.sort(0).values

    def char(self) -> Tensor:
        """As int8 (torch's ``char``)."""
        return self.to(np.int8)

    def ndimension(self) -> int:
        return self.ndim

    def data_ptr(self) -> int:
        """The address of the first element (two tensors sharing memory from the same place give one)."""
        return int(self.array.__array_interface__["data"][0])

    def nan_to_num(self, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None) -> Tensor:
        """NaN → ``nan``, ±∞ → ``posinf``/``neginf`` (default: the dtype's largest and lowest); the gradient
        passes where the value was finite."""
        if self.array.dtype.kind != "f":
            return self.clone()
        info = np.finfo(self.array.dtype)
        replaced = np.nan_to_num(self.array, nan=nan, posinf=info.max if posinf is None else posinf,
                                 neginf=info.min if neginf is None else neginf)
        return ops.where(np.isfinite(self.array), self, replaced)

    # --------------------------------------------------- element functions
    def deg2rad(self) -> Tensor:
        """``x · π/180``."""
        return self * (math.pi / 180)

    def rad2deg(self) -> Tensor:
        """``x · 180/π``."""
        return self * (180 / math.pi)

    def hypot(self, other: Any) -> Tensor:
        """``√(x² + y²)``."""
        y = _other(self, other)
        return (self * self + y * y).sqrt()

    def logaddexp(self, other: Any) -> Tensor:
        """``log(eˣ + eʸ)``, computed as ``m + log(e^(x-m) + e^(y-m))`` with ``m = max(x, y)``."""
        y = _other(self, other)
        m = self.maximum(y).detach()
        return m + ((self - m).exp() + (y - m).exp()).log()

    def logaddexp2(self, other: Any) -> Tensor:
        """``log₂(2ˣ + 2ʸ)``."""
        ln2 = math.log(2.0)
        return (self * ln2).logaddexp(_other(self, other) * ln2) / ln2

    def fmod(self, other: Any) -> Tensor:
        """``x - y·trunc(x/y)``: the remainder with the sign of ``x`` (C's fmod)."""
        return ops.fmod(self, other)

    def remainder(self, other: Any) -> Tensor:
        """``x - y·floor(x/y)``: the remainder with the sign of ``y`` (Python's %)."""
        return ops.remainder(self, other)

    def floor_divide(self, other: Any) -> Tensor:
        """``floor(x / y)``, as ``x // y``."""
        return ops.floor_divide(self, other)

    def float_power(self, exponent: Any) -> Tensor:
        """``xʸ`` in double precision."""
        e = exponent.double() if isinstance(exponent, Tensor) else float(exponent)
        return self.double().pow(e)

    def copysign(self, other: Any) -> Tensor:
        """``|x|`` with the sign of ``other`` (its sign bit: -0.0 counts as negative)."""
        y = _other(self, other)
        negative = np.signbit(np.broadcast_to(y.array, np.broadcast_shapes(self.array.shape, y.array.shape)))
        return ops.where(negative, -self.abs(), self.abs())

    def signbit(self) -> Tensor:
        """Whether the sign bit is set (True for negatives and -0.0)."""
        return Tensor(np.signbit(self.array), dtype=np.bool_)

    def heaviside(self, values: Any) -> Tensor:
        """0 below zero, 1 above, ``values`` at zero."""
        v = _other(self, values).array
        return Tensor(np.heaviside(self.array, v).astype(np.result_type(self.array, v)))

    def fmax(self, other: Any) -> Tensor:
        """The larger of the two, ignoring a NaN (NaN only where both are)."""
        y = _other(self, other)
        return ops.where(np.isnan(self.array), y, ops.where(np.isnan(y.array), self, self.maximum(y)))

    def fmin(self, other: Any) -> Tensor:
        """The smaller of the two, ignoring a NaN (NaN only where both are)."""
        y = _other(self, other)
        return ops.where(np.isnan(self.array), y, ops.where(np.isnan(y.array), self, self.minimum(y)))

    def isposinf(self) -> Tensor:
        return Tensor(np.isposinf(self.array), dtype=np.bool_)

    def isneginf(self) -> Tensor:
        return Tensor(np.isneginf(self.array), dtype=np.bool_)

    def isreal(self) -> Tensor:
        return Tensor(np.isreal(self.array), dtype=np.bool_)

    # ------------------------------------------------------ splits and moves
    def movedim(self, source: Any, destination: Any) -> Tensor:
        """The dimensions ``source`` moved to the places ``destination``, the others in order."""
        src = [_dim(d, self.ndim, "movedim") for d in (source if isinstance(source, (list, tuple)) else [source])]
        dst = [_dim(d, self.ndim, "movedim")
               for d in (destination if isinstance(destination, (list, tuple)) else [destination])]
        if len(src) != len(dst):
            raise RuntimeError(f"movedim: Invalid source or destination dims: source ({list(src)} dims) should "
                               f"contain the same number of dims as destination ({list(dst)} dims)")
        order = [d for d in range(self.ndim) if d not in src]
        for d, s_ in sorted(zip(dst, src)):
            order.insert(d, s_)
        return self.permute(*order)

    def moveaxis(self, source: Any, destination: Any) -> Tensor:
        return self.movedim(source, destination)

    def tile(self, dims: Sequence[int]) -> Tensor:
        """``repeat`` with ``dims`` padded with leading 1s to the tensor's rank (or the tensor's shape
        padded to ``dims``')."""
        dims = tuple(dims)
        x = self.reshape((1,) * (len(dims) - self.ndim) + tuple(self.shape)) if len(dims) > self.ndim else self
        return x.repeat(*((1,) * (x.ndim - len(dims)) + dims))

    def tensor_split(self, indices_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
        """Parts along ``dim``: ``n`` of them (the first ``size % n`` one longer), or cut at the given
        indices (NumPy's ``array_split``)."""
        d = _dim(dim, self.ndim, "tensor_split")
        size = self.shape[d]
        cuts = indices_or_sections
        if isinstance(cuts, Tensor):
            cuts = cuts.tolist()
        if isinstance(cuts, int):
            if cuts <= 0:
                raise RuntimeError(f"tensor_split: number of sections must be greater than 0, but was {cuts}")
            base, extra = divmod(size, cuts)
            bounds = np.cumsum([0] + [base + (i < extra) for i in range(cuts)])
        else:
            bounds = [0, *(min(max(int(c), 0), size) for c in cuts), size]
        return tuple(self.narrow(d, int(a), max(int(b) - int(a), 0)) for a, b in zip(bounds[:-1], bounds[1:]))

    def hsplit(self, sections: Any) -> tuple[Tensor, ...]:
        """``tensor_split`` along dimension 1 (0 for a 1-D tensor); a number must divide it."""
        return _split_evenly(self, sections, 1 if self.ndim > 1 else 0, "hsplit")

    def vsplit(self, sections: Any) -> tuple[Tensor, ...]:
        return _split_evenly(self, sections, 0, "vsplit", min_dims=2)

    def dsplit(self, sections: Any) -> tuple[Tensor, ...]:
        return _split_evenly(self, sections, 2, "dsplit", min_dims=3)

    def diagonal(self, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
        """The diagonal of the (dim1, dim2) planes, as the last dimension (``offset`` above it if > 0)."""
        a, b = _dim(dim1, self.ndim, "diagonal"), _dim(dim2, self.ndim, "diagonal")
        rest = [d for d in range(self.ndim) if d not in (a, b)]
        planes = self.permute(*rest, a, b)
        rows, cols = planes.shape[-2], planes.shape[-1]
        count = max(0, min(rows, cols - offset) if offset >= 0 else min(rows + offset, cols))
        i = np.arange(count) + max(-offset, 0)
        return planes[(..., i, i + offset)]

    def diagflat(self, offset: int = 0) -> Tensor:
        """The flattened values on the ``offset`` diagonal of a square matrix."""
        return self.flatten().diag(offset)

    def take(self, index: Any) -> Tensor:
        """The elements at ``index`` of the flattened tensor."""
        idx = index.array if isinstance(index, Tensor) else np.asarray(index)
        return self.flatten()[idx]

    def take_along_dim(self, indices: Any, dim: int | None = None) -> Tensor:
        """``gather`` with the indices broadcast against the tensor (the flattened tensor when no ``dim``)."""
        idx = indices.array if isinstance(indices, Tensor) else np.asarray(indices)
        if dim is None:
            return self.flatten()[idx.reshape(-1)]
        d = _dim(dim, self.ndim, "take_along_dim")
        shape = list(np.broadcast_shapes(self.shape[:d] + (1,) + self.shape[d + 1:],
                                         idx.shape[:d] + (1,) + idx.shape[d + 1:]))
        x = self.expand(*shape[:d], self.shape[d], *shape[d + 1:])
        shape[d] = idx.shape[d]
        return x.gather(d, Tensor(np.broadcast_to(idx, shape).copy(), dtype=np.int64))

    # ------------------------------------------------------------ reductions
    def nansum(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        """The sum with NaNs counted as zero."""
        x = ops.where(np.isnan(self.array), 0.0, self)
        return x.sum() if dim is None else x.sum(dim, keepdim=keepdim)

    def nanmean(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        """The mean of the values that are not NaN."""
        kept = Tensor((~np.isnan(self.array)).astype(self.array.dtype))
        total = self.nansum(dim, keepdim)
        return total / (kept.sum() if dim is None else kept.sum(dim, keepdim=keepdim))

    def aminmax(self, *, dim: int | None = None, keepdim: bool = False) -> Any:
        """``(min, max)`` (over everything, or along ``dim``)."""
        if dim is None:
            return RETURN_TYPES["aminmax"](self.amin(), self.amax())
        return RETURN_TYPES["aminmax"](self.amin(dim, keepdim), self.amax(dim, keepdim))

    def logcumsumexp(self, dim: int) -> Tensor:
        """``log Σ_{k≤i} e^(x_k)`` along ``dim``, shifted by the (constant) maximum for stability."""
        m = self.amax(dim, keepdim=True).detach()
        return (self - m).exp().cumsum(dim).log() + m

    def dist(self, other: Any, p: float = 2) -> Tensor:
        """The ``p``-norm of ``x - y``."""
        return (self - _other(self, other)).norm(p)

    def cov(self, *, correction: int = 1, fweights: Any = None, aweights: Any = None) -> Tensor:
        """The covariance of the variables in the rows (observations in the columns)."""
        if fweights is not None or aweights is not None:
            raise NotImplementedError("cov: fweights and aweights are not supported")
        x = self if self.ndim == 2 else self.reshape(1, -1)
        centred = x - x.mean(1, keepdim=True)
        out = centred @ centred.t() / max(x.shape[1] - correction, 0)
        return out if self.ndim == 2 else out.reshape(())

    def corrcoef(self) -> Tensor:
        """Pearson's correlation coefficients of the rows."""
        c = self.cov()
        if c.ndim == 0:
            return c / c
        d = c.diagonal().sqrt()
        return (c / d.unsqueeze(1) / d.unsqueeze(0)).clamp(-1, 1)

    # --------------------------------------------------------- matrix functions
    def det(self) -> Tensor:
        return _linalg.det(self)

    def inverse(self) -> Tensor:
        return _linalg.inv(self)

    def slogdet(self) -> Any:
        return _linalg.slogdet(self)

    def logdet(self) -> Tensor:
        """``log det A``: NaN where the determinant is negative, -inf where it is 0."""
        sign, logabs = _linalg.slogdet(self)
        s = sign.array
        return ops.where(s > 0, logabs, np.where(s == 0, -np.inf, np.nan).astype(logabs.array.dtype))

    def matrix_power(self, n: int) -> Tensor:
        return _linalg.matrix_power(self, n)

    def pinverse(self, rcond: float = 1e-15) -> Tensor:
        return _linalg.pinv(self, rtol=rcond)

    def cholesky(self, upper: bool = False) -> Tensor:
        return _linalg.cholesky(self, upper=upper)

    def svd(self, some: bool = True, compute_uv: bool = True) -> Any:
        """``(U, S, V)`` with ``A = U diag(S) Vᵀ`` (V, not Vᴴ; reduced unless ``some=False``)."""
        u, s, vh = _linalg.svd(self, full_matrices=not some)
        v = vh.mT
        if not compute_uv:
            with no_grad():
                return RETURN_TYPES["svd"](u * 0, s, v * 0)
        return RETURN_TYPES["svd"](u, s, v)

    def addr(self, vec1: Any, vec2: Any, *, beta: float = 1, alpha: float = 1) -> Tensor:
        """``β·input + α·(vec1 ⊗ vec2)``."""
        return self * beta + as_tensor(vec1).outer(as_tensor(vec2)) * alpha

    def addbmm(self, batch1: Any, batch2: Any, *, beta: float = 1, alpha: float = 1) -> Tensor:
        """``β·input + α·Σ_b batch1[b] @ batch2[b]``."""
        return self * beta + (as_tensor(batch1) @ as_tensor(batch2)).sum(0) * alpha


def _split_evenly(x: Tensor, sections: Any, dim: int, name: str, min_dims: int = 1) -> tuple[Tensor, ...]:
    if x.ndim < min_dims:
        raise RuntimeError(f"torch.{name} requires a tensor with at least {min_dims} dimension, but got a tensor "
                           f"with {x.ndim} dimensions!")
    if isinstance(sections, int) and x.shape[dim] % sections:
        raise RuntimeError(f"torch.{name} attempted to split along dimension {dim}, but the size of the dimension "
                           f"{x.shape[dim]} is not divisible by the split_size {sections}!")
    return x.tensor_split(sections, dim)


NAMES = tuple(name for name in vars(_Composites) if not name.startswith("_"))


def install() -> None:
    """Give :class:`Tensor` the methods of :class:`_Composites` it does not have yet."""
    for name in NAMES:
        if not hasattr(Tensor, name):
            setattr(Tensor, name, vars(_Composites)[name])


install()
