"""Operations that move values without changing them: reshape, transpose, indexing,
concatenate, stack. Their gradients move the values back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ligero.errors import ShapeError
from ligero.grad_fn import present
from ligero.ops._common import normalize_axes, unbroadcast
from ligero.tensor import StepRecording, Tensor, as_tensor, make_result


def reshape(a: Any, shape: int | Sequence[int]) -> Tensor:
    """Same values in a new shape (one entry may be -1);  dL/da = g reshaped back."""
    a = as_tensor(a)
    if isinstance(shape, (int, np.integer)):
        shape = (int(shape),)
    try:
        out = a.array.reshape(tuple(shape))
    except ValueError:
        raise ShapeError(
            f"reshape: cannot reshape a tensor of shape {a.array.shape} ({a.array.size} values) "
            f"into shape {tuple(shape)}"
        ) from None
    result = make_result(out, (a,), lambda g: (g.reshape(a.array.shape),), "reshape")
    if StepRecording.active is not None:  # a view: made again of the parent's current array
        def recompute() -> None:
            result.array = a.array.reshape(out.shape)

        StepRecording.active.note(result, out, recompute, a)
    return result


def transpose(a: Any, axes: Sequence[int] | None = None) -> Tensor:
    """Permute axes (reverse them when ``axes`` is None);  dL/da = g with the inverse permutation."""
    a = as_tensor(a)
    if axes is not None and sorted(int(x) % max(a.ndim, 1) for x in axes) != list(range(a.ndim)):
        raise ShapeError(f"transpose: axes {tuple(axes)} are not a permutation of {a.ndim} axes")
    out = np.transpose(a.array, axes)
    inverse = None if axes is None else np.argsort([int(x) % a.ndim for x in axes])
    return make_result(out, (a,), lambda g: (np.transpose(g, inverse),), "transpose")


def _is_basic(index: Any) -> bool:
    """True when the index has no integer/boolean arrays (so no position repeats)."""
    parts = index if isinstance(index, tuple) else (index,)
    return all(isinstance(p, (int, np.integer, slice)) or p is None or p is Ellipsis for p in parts)


def _ints_first(index: tuple) -> tuple[tuple, tuple] | None:
    """``index`` cut into (its integers, the rest) when it mixes integers with index arrays, else None."""
    is_int = [isinstance(i, (int, np.integer)) and not isinstance(i, bool) for i in index]
    advanced = [isinstance(i, (list, np.ndarray)) and np.ndim(i) > 0 for i in index]
    if not any(is_int) or not any(advanced) or any(i is None for i in index):
        return None
    first = tuple(i if n else (Ellipsis if i is Ellipsis else slice(None)) for i, n in zip(index, is_int))
    rest = tuple(i for i, n in zip(index, is_int) if not n)
    return first, rest


def getitem(a: Any, index: Any) -> Tensor:
    """``a[index]`` (slices, integers, integer or boolean arrays);

    dL/da is zero except at the selected positions, where it receives g
    (summed where an integer array selects the same position twice).
    """
    a = as_tensor(a)
    if isinstance(index, Tensor):
        index = index.array
    elif isinstance(index, tuple):
        index = tuple(i.array if isinstance(i, Tensor) else i for i in index)
        split = _ints_first(index)
        if split is not None:  # torch applies integers before index arrays (NumPy would not)
            return getitem(getitem(a, split[0]), split[1])
    try:
        out = a.array[index]
    except IndexError as exc:
        raise IndexError(f"indexing a tensor of shape {a.array.shape}: {exc}") from None
    basic = _is_basic(index)

    def backward(g: np.ndarray) -> tuple:
        grad = np.zeros(a.array.shape, dtype=g.dtype)
        if basic:
            grad[index] = g
        else:
            np.add.at(grad, index, g)
        return (grad,)

    return make_result(np.asarray(out), (a,), backward, "getitem")  # torch's name: grad_fn reads ``index``


def concatenate(tensors: Sequence[Any], axis: int = 0) -> Tensor:
    """Join tensors along an existing ``axis``;  each input's gradient is its slice of g."""
    parts = tuple(as_tensor(t) for t in tensors)
    if not parts:
        raise ShapeError("concatenate: needs at least one tensor")
    normalize_axes(axis, parts[0].ndim)  # a ShapeError for an axis out of range
    try:
        out = np.concatenate([p.array for p in parts], axis=axis)
    except (ValueError, np.exceptions.AxisError):
        shapes = ", ".join(str(p.array.shape) for p in parts)
        raise ShapeError(
            f"concatenate: shapes {shapes} must match on every axis except axis {axis}"
        ) from None
    bounds = np.cumsum([p.array.shape[axis] for p in parts])[:-1]

    def backward(g: np.ndarray) -> tuple:
        return tuple(
            piece if p.requires_grad else None
            for p, piece in zip(parts, np.split(g, bounds, axis=axis))
        )

    return make_result(out, parts, backward, "concatenate")


def stack(tensors: Sequence[Any], axis: int = 0) -> Tensor:
    """Join tensors of equal shape along a new ``axis``."""
    parts = tuple(as_tensor(t) for t in tensors)
    if not parts or any(p.array.shape != parts[0].shape for p in parts):
        shapes = ", ".join(str(p.array.shape) for p in parts)
        raise ShapeError(f"stack: all tensors must have the same shape, got {shapes}")
    (axis,) = normalize_axes(axis, parts[0].ndim + 1)  # a ShapeError for an axis out of range
    out = np.stack([p.array for p in parts], axis)

    def backward(g: np.ndarray) -> tuple:
        pieces = np.moveaxis(g, axis, 0)  # input k's gradient is g at index k of the new axis
        return tuple(pieces[k] if p.requires_grad else None for k, p in enumerate(parts))

    return make_result(out, parts, backward, "stack")


def permute(a: Any, dims: Sequence[int]) -> Tensor:
    """Reorder the dimensions as ``dims`` says (torch's permute);  dL/da = g permuted back."""
    a = as_tensor(a)
    dims = tuple(int(d) for d in dims)
    if len(dims) != a.ndim:
        raise RuntimeError(
            f"permute(sparse_coo): number of dimensions in the tensor input does not match the length "
            f"of the desired ordering of dimensions i.e. input.dim() = {a.ndim} is not equal to "
            f"len(dims) = {len(dims)}"
        )
    return present(transpose(a, dims), "permute")


def swapdims(a: Any, dim0: int, dim1: int) -> Tensor:
    """Swap two dimensions (torch's ``transpose(dim0, dim1)``)."""
    a = as_tensor(a)
    if a.ndim < 2 and dim0 in (0, -1) and dim1 in (0, -1):
        return reshape(a, a.array.shape)
    order = list(range(a.ndim))
    i, j = _dim_index(dim0, a.ndim), _dim_index(dim1, a.ndim)
    order[i], order[j] = order[j], order[i]
    return transpose(a, order)


def _dim_index(dim: int, ndim: int) -> int:
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim % n


def unsqueeze(a: Any, dim: int) -> Tensor:
    """A new dimension of length 1 at ``dim``."""
    a = as_tensor(a)
    return present(reshape(a, np.expand_dims(a.array, _dim_index(dim, a.ndim + 1)).shape), "unsqueeze")


def squeeze(a: Any, dim: Any = None) -> Tensor:
    """Drop dimensions of length 1 (only ``dim``, when given; one of length > 1 stays, as in torch)."""
    a = as_tensor(a)
    shape = a.array.shape
    if dim is None:
        keep = [n for n in shape if n != 1]
    else:
        dims = {_dim_index(d, a.ndim) for d in ((dim,) if isinstance(dim, int) else dim)} if a.ndim else set()
        keep = [n for i, n in enumerate(shape) if not (i in dims and n == 1)]
    return present(reshape(a, tuple(keep)), "squeeze_all" if dim is None else "squeeze")


def flatten(a: Any, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge dimensions ``start_dim`` .. ``end_dim`` into one."""
    a = as_tensor(a)
    if a.ndim == 0:
        return reshape(a, (1,))
    s, e = _dim_index(start_dim, a.ndim), _dim_index(end_dim, a.ndim)
    shape = a.array.shape
    merged = int(np.prod(shape[s : e + 1], dtype=np.int64))
    return reshape(a, (*shape[:s], merged, *shape[e + 1 :]))


def expand(a: Any, shape: Sequence[int]) -> Tensor:
    """Broadcast to ``shape`` without copying (-1 keeps a size);  dL/da = g summed over the new axes."""
    a = as_tensor(a)
    lead = len(shape) - a.ndim
    if lead < 0:
        raise RuntimeError(
            f"expand: the number of sizes provided ({len(shape)}) must be greater or equal to the "
            f"number of dimensions in the tensor ({a.ndim})"
        )
    target = tuple(a.array.shape[i - lead] if n == -1 else int(n) for i, n in enumerate(shape))
    try:
        out = np.broadcast_to(a.array, target)
    except ValueError:
        raise RuntimeError(
            f"The expanded size of the tensor must match the existing size at each non-singleton "
            f"dimension: cannot expand shape {tuple(a.array.shape)} to {target}"
        ) from None
    return make_result(out, (a,), lambda g: (unbroadcast(g, a.array.shape),), "expand")


def repeat(a: Any, repeats: Sequence[int]) -> Tensor:
    """Tile the tensor ``repeats[i]`` times along dimension i (torch's repeat);

    dL/da = g cut into its tiles and summed.
    """
    a = as_tensor(a)
    repeats = tuple(int(r) for r in repeats)
    if len(repeats) < a.ndim:
        raise RuntimeError(
            "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor"
        )
    base = (1,) * (len(repeats) - a.ndim) + a.array.shape
    out = np.tile(a.array.reshape(base), repeats)

    def backward(g: np.ndarray) -> tuple:
        split = [x for r, n in zip(repeats, base) for x in (r, n)]
        summed = g.reshape(split).sum(axis=tuple(range(0, len(split), 2)))
        return (summed.reshape(a.array.shape),)

    return make_result(out, (a,), backward, "repeat")


def flip(a: Any, dims: Sequence[int]) -> Tensor:
    """Reverse the order along ``dims``;  dL/da = g flipped back."""
    a = as_tensor(a)
    axes = tuple(_dim_index(d, a.ndim) for d in dims)
    return make_result(np.flip(a.array, axes).copy(), (a,), lambda g: (np.flip(g, axes),), "flip")


def roll(a: Any, shifts: Any, dims: Any = None) -> Tensor:
    """Shift values cyclically along ``dims`` (the flattened tensor when None);  dL/da = g rolled back."""
    a = as_tensor(a)
    if dims is None:
        flat = reshape(a, (-1,))
        return present(reshape(roll(flat, shifts, 0), a.array.shape), "roll", (a,))
    shifts = (shifts,) if isinstance(shifts, int) else tuple(shifts)
    axes = (dims,) if isinstance(dims, int) else tuple(dims)
    axes = tuple(_dim_index(d, a.ndim) for d in axes)
    back = tuple(-s for s in shifts)
    out = np.roll(a.array, shifts, axes)
    return make_result(out, (a,), lambda g: (np.roll(g, back, axes),), "roll")


def narrow(a: Any, dim: int, start: int, length: int) -> Tensor:
    """The slice ``start : start + length`` of dimension ``dim``."""
    a = as_tensor(a)
    d = _dim_index(dim, a.ndim)
    start = start % a.array.shape[d] if start < 0 else start
    if start + length > a.array.shape[d]:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({a.array.shape[d]}).")
    index = (slice(None),) * d + (slice(start, start + length),)
    return present(getitem(a, index), "narrow")


def split(a: Any, split_size_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """Pieces of ``split_size`` along ``dim`` (the last may be shorter), or of the listed sizes."""
    a = as_tensor(a)
    d = _dim_index(dim, a.ndim)
    n = a.array.shape[d]
    if isinstance(split_size_or_sections, (int, np.integer)):
        size = int(split_size_or_sections)
        sizes = [min(size, n - s) for s in range(0, n, size)] or [0]
    else:
        sizes = [int(s) for s in split_size_or_sections]
        if sum(sizes) != n:
            raise RuntimeError(
                f"split_with_sizes expects split_sizes to sum exactly to {n} (input tensor's size at "
                f"dimension {dim}), but got split_sizes={sizes}"
            )
    bounds = np.cumsum([0, *sizes])
    lead = (slice(None),) * d
    return tuple(present(getitem(a, (*lead, slice(int(s), int(e)))), "split") for s, e in zip(bounds[:-1], bounds[1:]))


def chunk(a: Any, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
    """At most ``chunks`` pieces of equal size ``ceil(n / chunks)`` along ``dim``."""
    a = as_tensor(a)
    n = a.array.shape[_dim_index(dim, a.ndim)]
    return split(a, max(1, -(-n // chunks)), dim)


def unbind(a: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """The slices along ``dim``, each without that dimension."""
    a = as_tensor(a)
    d = _dim_index(dim, a.ndim)
    lead = (slice(None),) * d
    return tuple(present(getitem(a, (*lead, i)), "unbind") for i in range(a.array.shape[d]))


def clone(a: Any) -> Tensor:
    """A copy with its own memory;  dL/da = g."""
    a = as_tensor(a)
    return make_result(a.array.copy(), (a,), lambda g: (g,), "clone")


def contiguous(a: Any) -> Tensor:
    """``a`` itself if its memory is in row-major order, else a row-major copy;  dL/da = g."""
    a = as_tensor(a)
    if a.array.flags.c_contiguous:
        return a
    return make_result(np.ascontiguousarray(a.array), (a,), lambda g: (g,), "contiguous")
