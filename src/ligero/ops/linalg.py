"""Linear algebra: einsum, mm/bmm, outer, dot, tril/triu, diag, trace.

einsum's gradient for operand k is einsum of g with the other operands into k's
subscripts (every contraction's derivative is another contraction).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.ops.arithmetic import matmul, mul
from ligero.ops.reduce import sum as _sum
from ligero.ops.shape import reshape
from ligero.tensor import Tensor, as_tensor, make_result


def _expand_ellipsis(terms: list[str], output: str, ndims: list[int]) -> tuple[list[str], str, str]:
    """``...`` replaced by fresh letters, one per broadcast dimension, right-aligned across operands."""
    free = [c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in "".join(terms) + output]
    width = max((n - len(t.replace("...", "")) for t, n in zip(terms, ndims) if "..." in t), default=0)
    if width > len(free):
        raise RuntimeError("einsum(): too many dimensions under '...'")
    batch = "".join(free[:width])
    expanded = []
    for term, n in zip(terms, ndims):
        if "..." in term:
            k = n - len(term.replace("...", ""))
            term = term.replace("...", batch[width - k:] if k > 0 else "")
        expanded.append(term)
    return expanded, output.replace("...", batch), batch


def _parse(equation: str, ndims: list[int]) -> tuple[list[str], str]:
    equation = equation.replace(" ", "")
    inputs, arrow, output = equation.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(ndims):
        raise RuntimeError(f"einsum(): {len(terms)} operand subscripts for {len(ndims)} operands")
    batch = ""
    if "." in equation:
        terms, output, batch = _expand_ellipsis(terms, output, ndims)
    if not arrow:  # implicit output: '...' first, then the letters seen once, in alphabetical order
        letters = "".join(terms)
        output = batch + "".join(sorted(c for c in set(letters) if letters.count(c) == 1 and c not in batch))
    return terms, output


def _to_diagonal(piece: np.ndarray, unique: str, term: str, shape: tuple[int, ...]) -> np.ndarray:
    """The gradient of an operand with a repeated letter (``ii``): ``piece`` written on its diagonal."""
    grad = np.zeros(shape, dtype=piece.dtype)
    idx = np.indices(piece.shape)
    grad[tuple(idx[unique.index(c)] for c in term)] = piece
    return grad


def einsum(equation: str, *operands: Any) -> Tensor:
    """Einstein summation, e.g. ``einsum("ij,jk->ik", a, b)``;

    dL/d(operand k) = einsum(g and the other operands -> k's subscripts), broadcast over
    letters that appear only in operand k.
    """
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    parts = tuple(as_tensor(t) for t in operands)
    terms, output = _parse(equation, [p.ndim for p in parts])
    for term, p in zip(terms, parts):
        if len(term) != p.ndim:
            raise RuntimeError(
                f"einsum(): the number of subscripts in the equation ({len(term)}) does not match the "
                f"number of dimensions ({p.ndim}) for an operand"
            )
    spec = ",".join(terms) + "->" + output
    out = np.einsum(spec, *(p.array for p in parts), optimize=len(parts) > 2)

    def backward(g: np.ndarray) -> tuple:
        grads = []
        for k, (term, p) in enumerate(zip(terms, parts)):
            if not p.requires_grad:
                grads.append(None)
                continue
            others = [(t, q.array) for i, (t, q) in enumerate(zip(terms, parts)) if i != k]
            known = set(output) | {c for t, _ in others for c in t}
            unique = "".join(dict.fromkeys(term))
            reduced = "".join(c for c in unique if c in known)
            sub = ",".join([output, *(t for t, _ in others)]) + "->" + reduced
            piece = np.einsum(sub, g, *(a for _, a in others), optimize=len(others) > 1)
            if reduced != unique:  # letters only this operand has: the derivative is constant along them
                sizes = dict(zip(term, p.array.shape))
                missing = [i for i, c in enumerate(unique) if c not in known]
                piece = np.broadcast_to(np.expand_dims(piece, missing), [sizes[c] for c in unique]).copy()
            grads.append(piece if unique == term else _to_diagonal(piece, unique, term, p.array.shape))
        return tuple(grads)

    return make_result(np.asarray(out), parts, backward, "einsum")


def mm(a: Any, b: Any) -> Tensor:
    """The product of two matrices (2-D only, as torch's mm)."""
    a, b = as_tensor(a), as_tensor(b)
    if a.ndim != 2 or b.ndim != 2:
        raise RuntimeError(f"mm: expected 2-D tensors, got {a.ndim}-D and {b.ndim}-D")
    _check_inner("mm", a, b)
    return matmul(a, b)


def bmm(a: Any, b: Any) -> Tensor:
    """Batched matrix product of (B, n, m) and (B, m, p) tensors."""
    a, b = as_tensor(a), as_tensor(b)
    if a.ndim != 3 or b.ndim != 3:
        raise RuntimeError(f"bmm: batch1 must be a 3D tensor and batch2 must be a 3D tensor, "
                           f"got {a.ndim}-D and {b.ndim}-D")
    if a.array.shape[0] != b.array.shape[0]:
        raise RuntimeError(f"bmm: batch sizes differ: {a.array.shape[0]} and {b.array.shape[0]}")
    _check_inner("bmm", a, b)
    return matmul(a, b)


def _check_inner(name: str, a: Tensor, b: Tensor) -> None:
    if a.array.shape[-1] != b.array.shape[-2]:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({'x'.join(map(str, a.array.shape))} and "
            f"{'x'.join(map(str, b.array.shape))})"
        )


def outer(a: Any, b: Any) -> Tensor:
    """``out[i, j] = a[i]·b[j]`` of two vectors."""
    a, b = as_tensor(a), as_tensor(b)
    if a.ndim != 1 or b.ndim != 1:
        raise RuntimeError("outer: expected 1-D tensors")
    return mul(reshape(a, (-1, 1)), reshape(b, (1, -1)))


def dot(a: Any, b: Any) -> Tensor:
    """``Σ_i a_i b_i`` of two vectors of equal length."""
    a, b = as_tensor(a), as_tensor(b)
    if a.ndim != 1 or b.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {a.ndim}D and {b.ndim}D tensors")
    if a.array.shape != b.array.shape:
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{a.array.shape[0]}] and src [{b.array.shape[0]}] to "
            "have the same number of elements, but got different numbers"
        )
    return _sum(mul(a, b))


def _triangle(name: str, keep: Any) -> Any:
    def op(a: Any, diagonal: int = 0) -> Tensor:
        a = as_tensor(a)
        if a.ndim < 2:
            raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
        mask = keep(np.ones(a.array.shape[-2:], dtype=bool), diagonal)
        out = np.where(mask, a.array, np.zeros((), a.array.dtype))
        return make_result(out, (a,), lambda g: (np.where(mask, g, 0).astype(g.dtype, copy=False),), name)

    op.__name__ = name
    op.__doc__ = f"``{name}``: the entries on one side of diagonal ``diagonal``, zeros elsewhere;  dL/da = g masked."
    return op


tril = _triangle("tril", np.tril)
triu = _triangle("triu", np.triu)


def diag(a: Any, diagonal: int = 0) -> Tensor:
    """A vector's diagonal matrix, or a matrix's diagonal ``diagonal`` as a vector."""
    a = as_tensor(a)
    if a.ndim not in (1, 2):
        raise RuntimeError("diag(): Supports 1D or 2D tensors. Got " + f"{a.ndim}D")
    out = np.diag(a.array, diagonal).copy()
    if a.ndim == 1:
        return make_result(out, (a,), lambda g: (np.diag(g, diagonal).copy(),), "diag")
    shape = a.array.shape

    def backward(g: np.ndarray) -> tuple:
        grad = np.zeros(shape, dtype=g.dtype)
        rows = np.arange(len(g)) + max(-diagonal, 0)
        grad[rows, rows + diagonal] = g
        return (grad,)

    return make_result(out, (a,), backward, "diag")


def trace(a: Any) -> Tensor:
    """The sum of a matrix's diagonal."""
    a = as_tensor(a)
    if a.ndim != 2:
        raise RuntimeError("trace: expected a matrix")
    return _sum(diag(a))
