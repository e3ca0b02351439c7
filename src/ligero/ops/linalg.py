"""Linear algebra: einsum, mm/bmm, outer, dot, tril/triu, diag, trace, and the
decompositions and solvers behind ``ligero.linalg`` (vector norms, inv, det, slogdet,
solve, cholesky, qr, eigh, svd), each batched over leading dimensions.

einsum's gradient for operand k is einsum of g with the other operands into k's
subscripts (every contraction's derivative is another contraction). The
decompositions' backward rules are torch's (``FunctionsManual.cpp``), written with
NumPy on the batch; an op with several outputs returns views of one packed result
(see :func:`_several`), so the engine needs no notion of an op with several outputs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.ops._common import unbroadcast
from ligero.ops.arithmetic import matmul, mul
from ligero.ops.reduce import sum as _sum
from ligero.ops.shape import getitem, reshape
from ligero.tensor import Tensor, as_tensor, make_result


class LinAlgError(RuntimeError):
    """A decomposition or inversion that cannot be computed (singular, not positive-definite)."""


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


# ---------------------------------------------------------------------------
# decompositions and solvers (batched over the leading dimensions)


def _mT(x: np.ndarray) -> np.ndarray:
    return np.swapaxes(x, -1, -2)


def _float_matrix(name: str, a: Any, square: bool = True) -> Tensor:
    """``a`` as a float Tensor of at least 2 dimensions (square ones when ``square``), else one clear error."""
    a = as_tensor(a)
    if a.array.dtype.kind != "f":
        raise RuntimeError(f"{name}: expected a floating point tensor, got {a.array.dtype}")
    if a.ndim < 2:
        raise RuntimeError(f"{name}: the input tensor must have at least 2 dimensions, got shape {tuple(a.shape)}")
    if square and a.array.shape[-1] != a.array.shape[-2]:
        raise RuntimeError(f"{name}: a must be batches of square matrices, got shape {tuple(a.shape)}")
    return a


def _several(name: str, outs: list[np.ndarray], parents: tuple[Tensor, ...], backward: Any) -> tuple[Tensor, ...]:
    """Several outputs of one op as views of one flat packed result.

    ``backward`` receives one gradient array per output (zeros for an unused one) and
    returns the parents' gradients.
    """
    shapes = [o.shape for o in outs]
    ends = np.cumsum([o.size for o in outs])
    packed = np.concatenate([o.reshape(-1) for o in outs])

    def rule(g: np.ndarray) -> tuple:
        return backward([p.reshape(s) for p, s in zip(np.split(g, ends[:-1]), shapes)])

    whole = make_result(packed, parents, rule, name)
    starts = [0, *ends[:-1]]
    return tuple(reshape(getitem(whole, slice(int(b), int(e))), s) for b, e, s in zip(starts, ends, shapes))


def _np_linalg(name: str, fn: Any, *arrays: np.ndarray) -> Any:
    try:
        return fn(*arrays)
    except np.linalg.LinAlgError as exc:
        raise LinAlgError(f"{name}: {exc} (input of shape {arrays[0].shape})") from None


def vector_norm(a: Any, ord: float = 2, axes: tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:  # noqa: A002
    """``(Σ |x|^p)^(1/p)`` over ``axes`` (all when None); p = ±inf is max/min |x|, p = 0 counts non-zeros.

    dL/dx = g · sign(x)·|x|^(p-1) / norm^(p-1) (0 where the norm is 0); for ±inf, g · sign(x)
    shared evenly among the elements that attain the extreme.
    """
    a = as_tensor(a)
    x = a.array
    axes = tuple(range(x.ndim)) if axes is None else axes
    ax = np.abs(x)
    p = float(ord)
    if np.isinf(p):
        out = (ax.max if p > 0 else ax.min)(axis=axes, keepdims=True)
    elif p == 0:
        out = (x != 0).sum(axis=axes, keepdims=True).astype(x.dtype)
    elif p == 1:
        out = ax.sum(axis=axes, keepdims=True)
    elif p == 2:
        out = np.sqrt((ax * ax).sum(axis=axes, keepdims=True))
    else:
        out = (ax ** p).sum(axis=axes, keepdims=True) ** (1.0 / p)

    def backward(g: np.ndarray) -> tuple:
        g = g.reshape(out.shape)
        if p == 0:
            return (np.zeros_like(x),)
        if np.isinf(p):
            hit = ax == out
            return (g * np.sign(x) * hit / hit.sum(axis=axes, keepdims=True),)
        if p == 1:
            return (g * np.sign(x),)
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(out == 0, 0, g / out ** (p - 1))
        return ((scale * np.sign(x) * ax ** (p - 1)).astype(x.dtype, copy=False),)

    result = out if keepdims else np.squeeze(out, axis=axes)
    return make_result(np.asarray(result, dtype=x.dtype), (a,), backward, "vector_norm")


def inv(a: Any) -> Tensor:
    """``A⁻¹``;  dL/dA = -A⁻ᵀ g A⁻ᵀ."""
    a = _float_matrix("linalg.inv", a)
    out = _np_linalg("linalg.inv", np.linalg.inv, a.array)
    return make_result(out, (a,), lambda g: (-_mT(out) @ g @ _mT(out),), "inv")


def _cofactor(x: np.ndarray) -> np.ndarray:
    """``adj(A)ᵀ`` (= det(A)·A⁻ᵀ where A is invertible) from A = U S Vh, also where A is singular.

    adj(A)ᵀ = det(U) det(Vh) · U diag(Π_{j≠i} s_j) Vh.
    """
    u, s, vh = np.linalg.svd(x)
    n = s.shape[-1]
    ones = np.ones(s.shape[:-1] + (1,), dtype=s.dtype)
    left = np.cumprod(np.concatenate([ones, s[..., :-1]], -1), -1)
    right = np.cumprod(np.concatenate([ones, s[..., :0:-1]], -1), -1)[..., ::-1]
    others = left * right if n else s
    sign = np.linalg.det(u) * np.linalg.det(vh)
    return sign[..., None, None] * (u * others[..., None, :]) @ vh


def det(a: Any) -> Tensor:
    """``det A``;  dL/dA = g · adj(A)ᵀ (= g·det(A)·A⁻ᵀ where A is invertible)."""
    a = _float_matrix("linalg.det", a)
    out = np.asarray(np.linalg.det(a.array))
    return make_result(out, (a,), lambda g: (g[..., None, None] * _cofactor(a.array),), "det")


def slogdet(a: Any) -> tuple[Tensor, Tensor]:
    """``(sign, log|det A|)``;  dL/dA = g_logabsdet · A⁻ᵀ (the sign has no gradient)."""
    a = _float_matrix("linalg.slogdet", a)
    sign, logabs = np.linalg.slogdet(a.array)

    def backward(grads: list[np.ndarray]) -> tuple:
        g = grads[1]
        return (g[..., None, None] * _mT(_np_linalg("slogdet backward", np.linalg.inv, a.array)),)

    return _several("slogdet", [np.asarray(sign), np.asarray(logabs)], (a,), backward)


def solve(a: Any, b: Any) -> Tensor:
    """``X = A⁻¹ B`` (B a batch of vectors when ``B.shape == A.shape[:-1]`` or B is 1-D);

    dL/dB = A⁻ᵀ g, dL/dA = -(dL/dB) Xᵀ, both summed over broadcast batch dimensions.
    """
    a = _float_matrix("linalg.solve", a)
    b = as_tensor(b)
    vector = b.ndim == 1 or (b.ndim == a.ndim - 1 and b.array.shape == a.array.shape[:-1])
    rhs = b.array[..., None] if vector else b.array
    if rhs.ndim < 2 or rhs.shape[-2] != a.array.shape[-1]:
        raise RuntimeError(f"linalg.solve: incompatible shapes of A {tuple(a.shape)} and B {tuple(b.shape)}")
    batch = np.broadcast_shapes(a.array.shape[:-2], rhs.shape[:-2])
    full_a = np.broadcast_to(a.array, batch + a.array.shape[-2:])
    x = _np_linalg("linalg.solve", np.linalg.solve, full_a, np.broadcast_to(rhs, batch + rhs.shape[-2:]))

    def backward(g: np.ndarray) -> tuple:
        g = g[..., None] if vector else g
        gb = np.linalg.solve(_mT(full_a), np.broadcast_to(g, x.shape))
        ga = unbroadcast(-gb @ _mT(x), a.array.shape) if a.requires_grad else None
        gb_out = unbroadcast(gb, rhs.shape).reshape(b.array.shape) if b.requires_grad else None
        return ga, gb_out

    return make_result(x[..., 0] if vector else x, (a, b), backward, "solve")


def cholesky(a: Any) -> Tensor:
    """The lower factor L of A = L Lᵀ (A symmetric positive-definite; its lower triangle is read);

    with P = tril(Lᵀ g): dL/dA = L⁻ᵀ · ½(P + tril(P, -1)ᵀ) · L⁻¹ (torch's rule, symmetric).
    """
    a = _float_matrix("linalg.cholesky", a)
    try:
        low = np.linalg.cholesky(a.array)
    except np.linalg.LinAlgError:
        raise LinAlgError(
            f"linalg.cholesky: The factorization could not be completed because the input (shape "
            f"{tuple(a.shape)}) is not positive-definite") from None

    def backward(g: np.ndarray) -> tuple:
        p = np.tril(_mT(low) @ g)
        sym = 0.5 * (p + _mT(np.tril(p, -1)))
        inv_low = np.linalg.inv(low)
        return (_mT(inv_low) @ sym @ inv_low,)

    return make_result(low, (a,), backward, "cholesky")


def _qr_square_backward(q: np.ndarray, r: np.ndarray, gq: np.ndarray, gr: np.ndarray) -> np.ndarray:
    """dL/dA of A = QR with R square (m ≥ n): M = R gRᵀ - gQᵀ Q, dL/dA = (gQ + Q copyltu(M)) R⁻ᵀ,

    copyltu(M) = tril(M) + tril(M, -1)ᵀ.
    """
    m = r @ _mT(gr) - _mT(gq) @ q
    sym = np.tril(m) + _mT(np.tril(m, -1))
    rhs = gq + q @ sym
    return _mT(np.linalg.solve(r, _mT(rhs)))


def qr(a: Any, mode: str = "reduced") -> tuple[Tensor, Tensor]:
    """``A = QR`` with Q orthonormal columns, R upper triangular (``mode`` 'reduced', 'complete' or 'r');

    backward: :func:`_qr_square_backward` on the first min(m, n) columns; for m < n, with
    A = [X | Y] and R = [U | V]: dL/dX from gQ + Y gVᵀ and gU, dL/dY = Q gV.
    """
    a = _float_matrix("linalg.qr", a, square=False)
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), "
                           "'r', or 'complete'")
    m, n = a.array.shape[-2:]
    q, r = np.linalg.qr(a.array, mode="complete" if mode == "complete" else "reduced")

    def backward(grads: list[np.ndarray]) -> tuple:
        if mode == "r":
            raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. "
                               "Please use linalg.qr(A, mode='reduced') if you are going to differentiate through "
                               "linalg.qr.")
        if mode == "complete" and m > n:
            raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.")
        gq, gr = grads
        if m >= n:
            return (_qr_square_backward(q, r, gq, gr),)
        y, gv = a.array[..., m:], gr[..., m:]
        gx = _qr_square_backward(q, r[..., :m], gq + y @ _mT(gv), gr[..., :m])
        return (np.concatenate([gx, q @ gv], -1),)

    outs = [np.zeros(0, a.array.dtype) if mode == "r" else q, r]
    return _several("qr", outs, (a,), backward)


def eigh(a: Any, uplo: str = "L") -> tuple[Tensor, Tensor]:
    """Eigenvalues (ascending) and orthonormal eigenvectors of a symmetric matrix (triangle ``uplo`` read);

    dL/dA = V (diag(g_w) + F ∘ ½(Vᵀg_V - g_Vᵀ V)) Vᵀ, F_ij = 1/(w_j - w_i) off the diagonal.
    """
    a = _float_matrix("linalg.eigh", a)
    if uplo not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {uplo}")
    w, v = _np_linalg("linalg.eigh", lambda x: np.linalg.eigh(x, UPLO=uplo), a.array)

    def backward(grads: list[np.ndarray]) -> tuple:
        gw, gv = grads
        vgv = _mT(v) @ gv
        vgv = 0.5 * (vgv - _mT(vgv))
        gap = w[..., None, :] - w[..., :, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            inner = np.where(np.eye(w.shape[-1], dtype=bool), 0, vgv / gap)
        inner = inner + gw[..., None] * np.eye(w.shape[-1], dtype=w.dtype)
        return (v @ inner @ _mT(v),)

    return _several("eigh", [w, v], (a,), backward)


def _svd_backward(u: np.ndarray, s: np.ndarray, vh: np.ndarray, gu: np.ndarray, gs: np.ndarray,
                  gvh: np.ndarray) -> np.ndarray:
    """dL/dA of the reduced A = U diag(S) Vh (torch's ``svd_backward``), with E_ij = s_j² - s_i²:

    U [(skew(UᵀgU) S + S skew(VᵀgV)) / E + diag(gS)] Vh + (I - UUᵀ) gU S⁻¹ Vh + U S⁻¹ gVᵀ (I - VVᵀ).
    """
    m, n = u.shape[-2], vh.shape[-1]
    v, gv = _mT(vh), _mT(gvh)
    eye = np.eye(s.shape[-1], dtype=bool)
    if not gu.any() and not gv.any():
        return (u * gs[..., None, :]) @ vh
    gap = np.where(eye, 1, s[..., None, :] ** 2 - s[..., :, None] ** 2)
    utgu, vtgv = _mT(u) @ gu, _mT(v) @ gv
    core = ((utgu - _mT(utgu)) * s[..., None, :] + s[..., :, None] * (vtgv - _mT(vtgv))) / gap
    core = np.where(eye, 0, core) + gs[..., None] * eye
    with np.errstate(divide="ignore", invalid="ignore"):
        if m > s.shape[-1]:
            gus = gu / s[..., None, :]
            return (u @ core + gus - u @ (_mT(u) @ gus)) @ vh
        if n > s.shape[-1]:
            gvs = _mT(gv / s[..., None, :])
            return u @ (core @ vh + gvs - (gvs @ v) @ vh)
    return u @ core @ vh


def svd(a: Any, full_matrices: bool = True) -> tuple[Tensor, Tensor, Tensor]:
    """``A = U diag(S) Vh``, S descending; the gradient flows through the first min(m, n) singular
    vectors (:func:`_svd_backward`), as torch's."""
    a = _float_matrix("linalg.svd", a, square=False)
    u, s, vh = _np_linalg("linalg.svd", lambda x: np.linalg.svd(x, full_matrices=full_matrices), a.array)
    k = s.shape[-1]

    def backward(grads: list[np.ndarray]) -> tuple:
        gu, gs, gvh = grads
        return (_svd_backward(u[..., :k], s, vh[..., :k, :], gu[..., :k], gs, gvh[..., :k, :]),)

    return _several("svd", [u, s, vh], (a,), backward)


def svdvals(a: Any) -> Tensor:
    """The singular values, descending;  dL/dA = U diag(g) Vh."""
    a = _float_matrix("linalg.svdvals", a, square=False)
    u, s, vh = _np_linalg("linalg.svdvals", lambda x: np.linalg.svd(x, full_matrices=False), a.array)
    return make_result(s, (a,), lambda g: ((u * g[..., None, :]) @ vh,), "svdvals")
