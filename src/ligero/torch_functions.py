"""The top-level functions of the PyTorch face (``ligero.sum(x, dim=1)``, ``ligero.cat``...).

Most are the Tensor method of the same name called on the first argument (one
mechanism, one meaning); the few without a method form (``cat``, ``stack``,
``where``, ``einsum``...) are written here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ligero import ops
from ligero import statistics as _statistics
from ligero import tensor_composites as _composites
from ligero.grad_fn import present
from ligero.ops import binning as _binning
from ligero.ops import index as _index
from ligero.ops import linalg as _linalg
from ligero.ops import spectral as _spectral
from ligero.tensor import Tensor, as_tensor

METHOD_FUNCTIONS = (
    "abs", "exp", "log", "log1p", "expm1", "sqrt", "rsqrt", "neg", "negative", "sign", "sin", "cos", "tan",
    "tanh", "sigmoid", "relu", "clamp", "clip", "clamp_min", "clamp_max", "floor", "ceil", "round", "trunc",
    "frac", "reciprocal", "pow", "square", "maximum", "minimum", "lerp", "addcmul", "addcdiv", "erf", "sum",
    "mean", "prod", "max", "min", "amax", "amin", "argmax", "argmin", "std", "var", "logsumexp", "norm",
    "cumsum", "cumprod", "all", "any", "reshape", "permute", "transpose", "swapaxes", "swapdims", "t",
    "unsqueeze", "squeeze", "flatten", "unflatten", "chunk", "split", "unbind", "flip", "roll", "narrow",
    "gather", "scatter", "scatter_add", "index_select", "masked_fill", "masked_select", "nonzero", "topk",
    "sort", "argsort", "unique", "bmm", "mm", "matmul", "outer", "dot", "tril", "triu", "diag", "trace",
    "eq", "ne", "lt", "le", "gt", "ge", "isclose", "allclose", "equal", "logical_and", "logical_or",
    "logical_not", "logical_xor", "add", "sub", "subtract", "mul", "multiply", "div", "divide",
    "true_divide", "softmax", "log_softmax", "clone", "numel", "isnan", "isinf", "isfinite",
    "count_nonzero", "is_floating_point", "index_add", "index_copy", "masked_scatter", "scatter_reduce",
    "arcsin", "arccos", "arctan", "arctan2", "sinh", "cosh", "arcsinh", "arccosh", "arctanh", "asin", "acos",
    "atan", "atan2", "asinh", "acosh", "atanh", "log2", "log10", "exp2", "erfc", "erfinv", "lgamma", "digamma",
    "i0", "sinc", "logit", "xlogy", "median", "kthvalue", "mode", "quantile", "repeat_interleave", "ravel",
    "cummax", "cummin", "diag_embed", "index_put",
)


def _from_method(name: str) -> Callable[..., Any]:
    method = getattr(Tensor, name)

    def function(input: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: A002 - torch's name
        return method(input if type(input) is Tensor else as_tensor(input), *args, **kwargs)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"``{name}(input, ...)``: the same as ``input.{name}(...)``."
    return function


FUNCTIONS = {name: _from_method(name) for name in METHOD_FUNCTIONS + _composites.NAMES}


def cat(tensors: Sequence[Any], dim: int = 0, *, axis: int | None = None) -> Tensor:
    """Join tensors along an existing dimension."""
    parts = [t for t in tensors if not (isinstance(t, Tensor) and t.ndim == 1 and t.array.size == 0)] or list(tensors)
    return ops.concatenate(parts, dim if axis is None else axis)


def stack(tensors: Sequence[Any], dim: int = 0, *, axis: int | None = None) -> Tensor:
    """Join tensors of one shape along a new dimension."""
    return ops.stack(tensors, dim if axis is None else axis)


def where(condition: Any, input: Any = None, other: Any = None) -> Any:  # noqa: A002
    """``input`` where ``condition`` holds, else ``other``; with the condition alone, its nonzero indices."""
    if input is None and other is None:
        return _index.nonzero(condition, as_tuple=True)
    return ops.where(condition, input, other)


def einsum(equation: str, *operands: Any) -> Tensor:
    return ops.einsum(equation, *operands)


def is_tensor(obj: Any) -> bool:
    return isinstance(obj, Tensor)


def hstack(tensors: Sequence[Any]) -> Tensor:
    return cat(tensors, 0 if as_tensor(tensors[0]).ndim == 1 else 1)


def vstack(tensors: Sequence[Any]) -> Tensor:
    return cat([t if as_tensor(t).ndim > 1 else as_tensor(t).unsqueeze(0) for t in tensors], 0)


concat = concatenate = cat


# ---------------------------------------------------------------------------
# more of torch's functions, built from the differentiable ops above


def meshgrid(*tensors: Any, indexing: str = "ij") -> tuple[Tensor, ...]:
    """Coordinate grids: output k repeats vector k along every other axis ('xy' swaps the first two)."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing not in ("ij", "xy"):
        raise ValueError(f"meshgrid: indexing must be 'ij' or 'xy', got {indexing!r}")
    vectors = [as_tensor(t).reshape(-1) for t in tensors]
    order = list(range(len(vectors)))
    if indexing == "xy" and len(vectors) >= 2:
        order[0], order[1] = 1, 0
    shape = [vectors[k].shape[0] for k in order]
    grids = []
    for k, v in enumerate(vectors):
        view = [1] * len(vectors)
        view[order.index(k)] = -1
        grids.append(v.reshape(view).expand(*shape))
    return tuple(grids)


def diff(input: Any, n: int = 1, dim: int = -1, prepend: Any = None, append: Any = None) -> Tensor:  # noqa: A002
    """The ``n``-th forward difference ``out[i] = x[i+1] - x[i]`` along ``dim`` (booleans: ``x[i+1] != x[i]``)."""
    x = as_tensor(input)
    parts = [as_tensor(p) for p in (prepend, x, append) if p is not None]
    if len(parts) > 1:
        x = cat([p if p.ndim == x.ndim else p.reshape([1] * (x.ndim - 1) + [-1]) for p in parts], dim)
    for _ in range(n):
        length = x.shape[dim]
        hi, lo = x.narrow(dim, 1, length - 1), x.narrow(dim, 0, length - 1)
        x = hi.ne(lo) if x.array.dtype == np.bool_ else hi - lo
    return x


def _triangle_indices(row: int, col: int, offset: int, lower: bool) -> Tensor:
    r, c = np.tril_indices(row, offset, col) if lower else np.triu_indices(row, offset, col)
    return Tensor(np.stack([r, c]), dtype=np.int64)


def tril_indices(row: int, col: int, offset: int = 0, **_: Any) -> Tensor:
    """The (2, N) row and column indices of the lower triangle of a ``row × col`` matrix, row by row."""
    return _triangle_indices(row, col, offset, lower=True)


def triu_indices(row: int, col: int, offset: int = 0, **_: Any) -> Tensor:
    """The (2, N) row and column indices of the upper triangle of a ``row × col`` matrix, row by row."""
    return _triangle_indices(row, col, offset, lower=False)


def kron(input: Any, other: Any) -> Tensor:  # noqa: A002
    """The Kronecker product: ``out[i·p + k, j·q + l] = a[i, j]·b[k, l]`` (any equal number of dims)."""
    a, b = as_tensor(input), as_tensor(other)
    nd = max(a.ndim, b.ndim)
    a, b = a.reshape([1] * (nd - a.ndim) + list(a.shape)), b.reshape([1] * (nd - b.ndim) + list(b.shape))
    interleaved_a = [s for d in a.shape for s in (d, 1)]
    interleaved_b = [s for d in b.shape for s in (1, d)]
    product = a.reshape(interleaved_a) * b.reshape(interleaved_b)
    return product.reshape([p * q for p, q in zip(a.shape, b.shape)])


def addmm(input: Any, mat1: Any, mat2: Any, *, beta: float = 1, alpha: float = 1) -> Tensor:  # noqa: A002
    """``beta·input + alpha·(mat1 @ mat2)`` for matrices."""
    return present(_scaled_sum(input, _linalg.mm(mat1, mat2), beta, alpha), "addmm", (input, mat1, mat2))


def addmv(input: Any, mat: Any, vec: Any, *, beta: float = 1, alpha: float = 1) -> Tensor:  # noqa: A002
    """``beta·input + alpha·(mat @ vec)``."""
    return _scaled_sum(input, mv(mat, vec), beta, alpha)


def baddbmm(input: Any, batch1: Any, batch2: Any, *, beta: float = 1, alpha: float = 1) -> Tensor:  # noqa: A002
    """``beta·input + alpha·(batch1 @ batch2)`` batch by batch."""
    return _scaled_sum(input, as_tensor(batch1).bmm(batch2), beta, alpha)


def _scaled_sum(input: Any, product: Tensor, beta: float, alpha: float) -> Tensor:  # noqa: A002
    scaled = product if alpha == 1 else product * alpha
    if beta == 0:  # torch ignores input (even nan) when beta is 0
        return scaled
    return scaled + (as_tensor(input) if beta == 1 else as_tensor(input) * beta)


def mv(input: Any, vec: Any) -> Tensor:  # noqa: A002
    """The product of a matrix and a vector."""
    m, v = as_tensor(input), as_tensor(vec)
    if m.ndim != 2 or v.ndim != 1:
        raise RuntimeError(f"mv: expected a matrix and a vector, got {m.ndim}-D and {v.ndim}-D")
    return m.matmul(v)


def inner(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``Σ_k a[..., k]·b[..., k]`` over the last dimension of both."""
    a, b = as_tensor(input), as_tensor(other)
    if a.ndim == 0 or b.ndim == 0:
        return a * b
    left, right = "abcdefgh"[: a.ndim - 1], "ijklmnop"[: b.ndim - 1]
    return ops.einsum(f"{left}z,{right}z->{left}{right}", a, b)


def cross(input: Any, other: Any, dim: int | None = None) -> Tensor:  # noqa: A002
    """The 3-vector cross product along ``dim`` (default: the first dimension of size 3)."""
    a, b = as_tensor(input), as_tensor(other)
    if dim is None:
        dim = next((d for d, s in enumerate(a.shape) if s == 3), -1)
    if a.shape[dim] != 3 or b.shape[dim] != 3:
        raise RuntimeError(f"cross: dimension {dim} must have size 3, got {tuple(a.shape)} and {tuple(b.shape)}")
    a0, a1, a2 = a.unbind(dim)
    b0, b1, b2 = b.unbind(dim)
    return stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], dim)


def cdist(x1: Any, x2: Any, p: float = 2.0, **_: Any) -> Tensor:
    """Pairwise p-norm distances ``out[..., i, j] = ‖x1[..., i, :] - x2[..., j, :]‖_p``."""
    a, b = as_tensor(x1), as_tensor(x2)
    if a.ndim < 2 or b.ndim < 2 or a.shape[-1] != b.shape[-1]:
        raise RuntimeError(f"cdist: expected (..., P, M) and (..., R, M), got {tuple(a.shape)} and {tuple(b.shape)}")
    delta = (a.unsqueeze(-2) - b.unsqueeze(-3)).abs()
    if p == float("inf"):
        return delta.amax(-1)
    if p == 1:
        return delta.sum(-1)
    if p == 2:
        return (delta * delta).sum(-1).sqrt()
    return (delta ** p).sum(-1) ** (1.0 / p)


def tensordot(a: Any, b: Any, dims: Any = 2, out: Any = None) -> Tensor:
    """``Σ a[..., k] · b[k, ...]`` over the last ``dims`` axes of ``a`` and the first ``dims`` of ``b``
    (or over the axis lists ``dims = (dims_a, dims_b)``): the summed axes moved together, one matmul."""
    a, b = as_tensor(a), as_tensor(b)
    if isinstance(dims, int):
        axes_a, axes_b = list(range(a.ndim - dims, a.ndim)), list(range(dims))
    else:
        axes_a, axes_b = ([d] if isinstance(d, int) else list(d) for d in dims)
    axes_a, axes_b = [d % a.ndim for d in axes_a], [d % b.ndim for d in axes_b]
    if [a.shape[d] for d in axes_a] != [b.shape[d] for d in axes_b]:
        raise RuntimeError(f"tensordot: contracted dimensions need to match, got sizes "
                           f"{[a.shape[d] for d in axes_a]} and {[b.shape[d] for d in axes_b]}")
    free_a = [d for d in range(a.ndim) if d not in axes_a]
    free_b = [d for d in range(b.ndim) if d not in axes_b]
    k = int(np.prod([a.shape[d] for d in axes_a], dtype=np.int64))
    left = a.permute(*free_a, *axes_a).reshape(-1, k)
    right = b.permute(*axes_b, *free_b).reshape(k, -1)
    return (left @ right).reshape(*[a.shape[d] for d in free_a], *[b.shape[d] for d in free_b])


def rot90(input: Any, k: int = 1, dims: Sequence[int] = (0, 1)) -> Tensor:  # noqa: A002
    """Rotate by ``k`` quarter turns in the plane ``dims`` (from the first axis toward the second)."""
    x = as_tensor(input)
    d0, d1 = (int(d) % x.ndim for d in dims)
    if len(dims) != 2 or d0 == d1:
        raise RuntimeError(f"rot90: expected two different dims, got {tuple(dims)}")
    k %= 4
    if k == 1:
        return x.flip(d1).transpose(d0, d1)
    if k == 2:
        return x.flip(d0, d1)
    if k == 3:
        return x.transpose(d0, d1).flip(d1)
    return x.clone()


def trapezoid(y: Any, x: Any = None, *, dx: float | None = None, dim: int = -1) -> Tensor:
    """The trapezoidal rule along ``dim``: ``Σ (y_i + y_{i+1})/2 · Δx_i`` (Δx from ``x``, or ``dx``, or 1)."""
    y = as_tensor(y)
    d = dim % y.ndim
    n = y.shape[d]
    lead = (slice(None),) * d
    left, right = ops.getitem(y, (*lead, slice(0, n - 1))), ops.getitem(y, (*lead, slice(1, n)))
    if x is None:
        return ops.sum(ops.add(left, right), d) * (0.5 * (1.0 if dx is None else dx))
    xs = as_tensor(x)
    xd = dim % xs.ndim
    steps = ops.sub(ops.getitem(xs, ((slice(None),) * xd + (slice(1, n),))),
                    ops.getitem(xs, ((slice(None),) * xd + (slice(0, n - 1),))))
    return ops.sum(ops.mul(ops.add(left, right), steps), d) * 0.5


def block_diag(*tensors: Any) -> Tensor:
    """The tensors (scalars, vectors as rows, matrices) on the diagonal of one matrix, zeros elsewhere."""
    blocks = [ops.reshape(t, (1, -1)) if t.ndim < 2 else t for t in map(as_tensor, tensors)]
    cols = sum(b.shape[1] for b in blocks)
    rows, left = [], 0
    for b in blocks:
        parts = [b]
        if left:
            parts.insert(0, Tensor(np.zeros((b.shape[0], left), b.array.dtype), dtype=b.array.dtype))
        if cols - left - b.shape[1]:
            parts.append(Tensor(np.zeros((b.shape[0], cols - left - b.shape[1]), b.array.dtype), dtype=b.array.dtype))
        rows.append(ops.concatenate(parts, 1))
        left += b.shape[1]
    return ops.concatenate(rows, 0)


def cartesian_prod(*tensors: Any) -> Tensor:
    """Every combination of one element of each 1-D tensor, as rows (a 1-D tensor for one input)."""
    parts = [as_tensor(t) for t in tensors]
    if len(parts) == 1:
        return parts[0]
    grids = np.meshgrid(*[np.arange(p.shape[0]) for p in parts], indexing="ij")
    columns = [ops.getitem(p, g.reshape(-1)) for p, g in zip(parts, grids)]
    return ops.stack(columns, 1)


def combinations(input: Any, r: int = 2, with_replacement: bool = False) -> Tensor:  # noqa: A002
    """The length-``r`` combinations of a 1-D tensor's elements, as rows (itertools' order)."""
    import itertools

    x = as_tensor(input)
    pick = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    index = np.array(list(pick(range(x.shape[0]), r)), dtype=np.int64).reshape(-1, r)
    if not len(index):
        return Tensor(np.zeros((0, r) if r else (0,), x.array.dtype), dtype=x.array.dtype)
    return ops.getitem(x, index)


def broadcast_shapes(*shapes: Any) -> Any:
    """The shape the given shapes broadcast to (a ``torch.Size``)."""
    from ligero.tensor import Size

    return Size(np.broadcast_shapes(*(tuple(s) if isinstance(s, (tuple, list)) else (s,) for s in shapes)))


def broadcast_to(input: Any, size: Sequence[int]) -> Tensor:  # noqa: A002
    """``input`` expanded to ``size`` (torch's broadcasting rules, -1 keeps a size)."""
    return as_tensor(input).expand(*size)


def broadcast_tensors(*tensors: Any) -> tuple[Tensor, ...]:
    """The tensors expanded to their common broadcast shape."""
    parts = [as_tensor(t) for t in tensors]
    shape = np.broadcast_shapes(*(tuple(p.shape) for p in parts))
    return tuple(p.expand(*shape) for p in parts)


def _at_least(tensors: tuple, rank: int) -> Any:
    """Each tensor viewed with at least ``rank`` dimensions, as torch's ``atleast_{1,2,3}d``: a vector
    becomes a row (1, n), then (1, n, 1); a matrix gets a last dimension of 1."""
    def lift(t: Any) -> Tensor:
        x = as_tensor(t)
        if x.ndim >= rank:
            return x
        if x.ndim == 0:
            return x.reshape((1,) * rank)
        if x.ndim == 1:
            return x.reshape(1, -1) if rank == 2 else x.reshape(1, -1, 1)
        return x.unsqueeze(-1)

    many = len(tensors) != 1 or isinstance(tensors[0], (list, tuple))
    lifted = [lift(t) for t in (tensors[0] if len(tensors) == 1 and many else tensors)]
    return tuple(lifted) if many else lifted[0]


def atleast_1d(*tensors: Any) -> Any:
    return _at_least(tensors, 1)


def atleast_2d(*tensors: Any) -> Any:
    return _at_least(tensors, 2)


def atleast_3d(*tensors: Any) -> Any:
    return _at_least(tensors, 3)


def column_stack(tensors: Sequence[Any]) -> Tensor:
    """The tensors as columns side by side (1-D ones become columns)."""
    parts = [as_tensor(t) for t in tensors]
    return ops.concatenate([p.reshape(-1, 1) if p.ndim <= 1 else p for p in parts], 1)


def dstack(tensors: Sequence[Any]) -> Tensor:
    """The tensors stacked along a third dimension (each made at least 3-D first)."""
    return ops.concatenate(list(atleast_3d(list(tensors))), 2)


def randint_like(input: Any, low: int = 0, high: Any = None, *, dtype: Any = None, **_: Any) -> Tensor:  # noqa: A002
    """Integers on [low, high) of ``input``'s shape (``randint_like(x, high)`` starts at 0), torch's draws."""
    from ligero.creation import randint

    if high is None:
        low, high = 0, low
    x = as_tensor(input)
    return randint(low, high, tuple(x.shape), dtype=dtype if dtype is not None else x.dtype)


FUNCTIONS.update({
    "tensordot": tensordot, "rot90": rot90,
    "meshgrid": meshgrid, "diff": diff, "tril_indices": tril_indices, "triu_indices": triu_indices,
    "kron": kron, "addmm": addmm, "addmv": addmv, "baddbmm": baddbmm, "mv": mv, "inner": inner,
    "cross": cross, "cdist": cdist, "ger": _linalg.outer, "vdot": _linalg.dot,
    "bucketize": _binning.bucketize, "searchsorted": _binning.searchsorted, "histc": _binning.histc,
    "bincount": _binning.bincount,
    "real": _spectral.real, "imag": _spectral.imag, "conj": _spectral.conj, "angle": _spectral.angle,
    "view_as_real": _spectral.view_as_real, "complex": _spectral.complex,
    "is_complex": lambda input: input.is_complex(),
    "std_mean": _statistics.std_mean, "var_mean": _statistics.var_mean, "histogram": _statistics.histogram,
    "argwhere": lambda input: as_tensor(input).nonzero(), "block_diag": block_diag,
    "cartesian_prod": cartesian_prod, "combinations": combinations, "trapezoid": trapezoid, "trapz": trapezoid,
    "broadcast_tensors": broadcast_tensors, "broadcast_shapes": broadcast_shapes, "broadcast_to": broadcast_to,
    "atleast_1d": atleast_1d, "atleast_2d": atleast_2d, "atleast_3d": atleast_3d, "column_stack": column_stack,
    "dstack": dstack, "randint_like": randint_like,
})
