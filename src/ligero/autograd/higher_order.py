"""Backward through Tensor ops, so that a gradient has a graph of its own (``create_graph=True``).

The ordinary engine (:func:`ligero.tensor.run_backward`) runs each op's NumPy backward rule; it
is left as it is. With ``create_graph=True``, :func:`graph_backward` walks the same graph but runs
each node's rule from :data:`RULES`: the same derivative written with differentiable ops on the
node's own inputs and output, so ``dL/dx`` is itself a recorded Tensor and can be differentiated
again (a gradient penalty ``‖∇ₓD‖²``, a Hessian-vector product, ``d²y/dx²``). A rule reads the
op's parameters (axes, indices, masks) from its NumPy rule's closure. An op without a rule here
raises NotImplementedError naming it; nothing is freed (``retain_graph`` is implied, as in torch).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ligero import ops
from ligero.grad_fn import torch_name
from ligero.ops import linalg as _linalg_ops
from ligero.ops import shape as _shape
from ligero.ops import unfold as _unfold_ops
from ligero.ops._common import cast
from ligero.ops.activation import SELU_ALPHA, SELU_SCALE, softplus
from ligero.ops.index import positions_along
from ligero.tensor import (
    _SECOND_BACKWARD,
    Tensor,
    _freed,
    _leaf,
    _topological_order,
    enable_grad,
    make_result,
    set_graph_gradient,
)

Rule = Callable[[Tensor, Tensor, dict], Sequence[Any]]
RULES: dict[str, Rule] = {}


def _rule(*names: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        for name in names:
            RULES[name] = fn
        return fn
    return register


def _closure(node: Tensor) -> dict[str, Any]:
    """The variables the node's NumPy backward rule closed over (its op's parameters)."""
    fn = node._backward
    cells = getattr(fn, "__closure__", None) or ()
    return dict(zip(fn.__code__.co_freevars, (c.cell_contents for c in cells)))


def unbroadcast(g: Tensor, shape: tuple[int, ...]) -> Tensor:
    """``g`` summed over the axes broadcasting added or stretched, back to ``shape`` (differentiable)."""
    if tuple(g.shape) == tuple(shape):
        return g
    extra = g.ndim - len(shape)
    if extra > 0:
        g = ops.sum(g, tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    return ops.sum(g, stretched, True) if stretched else g


def _const(array: Any, like: Tensor) -> Tensor:
    return _leaf(np.asarray(array, dtype=like.array.dtype))


# ---------------------------------------------------------------------------- arithmetic

@_rule("add")
def _add(node: Tensor, g: Tensor, env: dict) -> tuple:
    a, b = node._parents
    return unbroadcast(g, a.shape), unbroadcast(g, b.shape)


@_rule("sub", "rsub")
def _sub(node: Tensor, g: Tensor, env: dict) -> tuple:
    a, b = node._parents
    return unbroadcast(g, a.shape), unbroadcast(ops.neg(g), b.shape)


@_rule("neg")
def _neg(node: Tensor, g: Tensor, env: dict) -> tuple:
    return (ops.neg(g),)


@_rule("mul")
def _mul(node: Tensor, g: Tensor, env: dict) -> tuple:
    a, b = node._parents
    return unbroadcast(g * b, a.shape), unbroadcast(g * a, b.shape)


@_rule("div")
def _div(node: Tensor, g: Tensor, env: dict) -> tuple:
    a, b = node._parents
    return unbroadcast(g / b, a.shape), unbroadcast(ops.neg(g) * a / (b * b), b.shape)


@_rule("pow")
def _pow(node: Tensor, g: Tensor, env: dict) -> tuple:
    """d(a^b)/da = b·a^(b-1), d(a^b)/db = a^b·ln a."""
    a, b = node._parents
    ga = unbroadcast(g * b * ops.pow(a, b - 1), a.shape) if a.requires_grad else None
    gb = unbroadcast(g * node * ops.log(a), b.shape) if b.requires_grad else None
    return ga, gb


def _as_matrices(a: Tensor, b: Tensor, g: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    a2 = a if a.ndim > 1 else _shape.unsqueeze(a, 0)
    b2 = b if b.ndim > 1 else _shape.unsqueeze(b, 1)
    if b.ndim == 1:
        g = _shape.unsqueeze(g, -1)
    if a.ndim == 1:
        g = _shape.unsqueeze(g, -2)
    return a2, b2, g


@_rule("matmul")
def _matmul(node: Tensor, g: Tensor, env: dict) -> tuple:
    """dL/da = g @ bᵀ, dL/db = aᵀ @ g (vectors as rows / columns, batch axes summed back)."""
    a, b = node._parents
    a2, b2, g2 = _as_matrices(a, b, g)
    ga = ops.reshape(unbroadcast(g2 @ _shape.swapdims(b2, -1, -2), a2.shape), a.shape) if a.requires_grad else None
    gb = ops.reshape(unbroadcast(_shape.swapdims(a2, -1, -2) @ g2, b2.shape), b.shape) if b.requires_grad else None
    return ga, gb


@_rule("linear")
def _linear(node: Tensor, g: Tensor, env: dict) -> tuple:
    """torch's ``x @ Wᵀ + b`` (W (out, in)) or Keras's ``x @ W + b`` (W (in, out))."""
    x, weight = node._parents[:2]
    out_in = getattr(node._backward, "out_in", False)  # set by linear_out_in; Keras's linear has W (in, out)
    w = weight.t() if out_in else weight  # as (in, out)
    rows_x = ops.reshape(x, (-1, x.shape[-1]))
    rows_g = ops.reshape(g, (-1, g.shape[-1]))
    gx = g @ w.t() if x.requires_grad else None
    gw = None
    if weight.requires_grad:
        gw = rows_g.t() @ rows_x if out_in else rows_x.t() @ rows_g
    if len(node._parents) == 2:
        return gx, gw
    return gx, gw, ops.sum(rows_g, 0) if node._parents[2].requires_grad else None


# ------------------------------------------------------------------ shapes and reductions

@_rule("reshape")
def _reshape(node: Tensor, g: Tensor, env: dict) -> tuple:
    return (ops.reshape(g, node._parents[0].shape),)


@_rule("transpose")
def _transpose(node: Tensor, g: Tensor, env: dict) -> tuple:
    inverse = env["inverse"]
    return (ops.transpose(g, None if inverse is None else tuple(int(i) for i in inverse)),)


@_rule("expand")
def _expand(node: Tensor, g: Tensor, env: dict) -> tuple:
    return (unbroadcast(g, node._parents[0].shape),)


@_rule("clone", "contiguous", "BackwardHookFunction")
def _identity(node: Tensor, g: Tensor, env: dict) -> tuple:
    return (g,)


@_rule("cast")
def _cast(node: Tensor, g: Tensor, env: dict) -> tuple:
    return (cast(g, node._parents[0].array.dtype),)


def _reduced_back(g: Tensor, axes: tuple, keepdims: bool, shape: tuple) -> Tensor:
    if not keepdims and axes:
        g = ops.reshape(g, tuple(1 if i in axes else n for i, n in enumerate(shape)))
    return _shape.expand(g, shape)


@_rule("sum", "sum_dim")
def _sum(node: Tensor, g: Tensor, env: dict) -> tuple:
    return (_reduced_back(g, env["axes"], env["keepdims"], tuple(node._parents[0].shape)),)


@_rule("mean", "mean_dim")
def _mean(node: Tensor, g: Tensor, env: dict) -> tuple:
    return (_reduced_back(g / float(env["count"]), env["axes"], env["keepdims"], tuple(node._parents[0].shape)),)


@_rule("max", "min", "amax", "amin")
def _extreme(node: Tensor, g: Tensor, env: dict) -> tuple:
    """The gradient goes to the extreme entries (shared on ties): a constant share."""
    axes, keepdims = env["axes"], env["keepdims"]
    a = node._parents[0]
    hits = a.array == env["kept"]
    share = hits / hits.sum(axis=axes, keepdims=True)
    return (_reduced_back(g, axes, keepdims, tuple(a.shape)) * _const(share, g),)


@_rule("max_dim", "min_dim")
def _extreme_along(node: Tensor, g: Tensor, env: dict) -> tuple:
    a, axis = node._parents[0], env["axis"]
    chosen = np.zeros(a.shape, dtype=bool)
    np.put_along_axis(chosen, env["indices"], True, axis)
    return (_reduced_back(g, (axis,), env["keepdim"], tuple(a.shape)) * _const(chosen, g),)


@_rule("prod")
def _prod(node: Tensor, g: Tensor, env: dict) -> tuple:
    """dΠ/da_i = Π / a_i (inputs without zeros)."""
    a = node._parents[0]
    if not np.all(a.array):
        raise NotImplementedError("create_graph=True: the backward of ProdBackward0 over zeros is not "
                                  "differentiable in ligero yet")
    return (_reduced_back(g * node, env["axes"], env["keepdims"], tuple(a.shape)) / a,)


@_rule("getitem")
def _getitem(node: Tensor, g: Tensor, env: dict) -> tuple:
    return (scatter(g, env["index"], tuple(node._parents[0].shape)),)


def scatter(g: Tensor, index: Any, shape: tuple[int, ...]) -> Tensor:
    """Zeros of ``shape`` with ``g`` added at ``index`` (getitem's adjoint);  dL/dg = (dL/dout)[index]."""
    out = np.zeros(shape, dtype=g.array.dtype)
    np.add.at(out, index, g.array)
    return make_result(out, (g,), lambda gg: (gg[index],), "scatter")


@_rule("scatter")
def _scatter(node: Tensor, g: Tensor, env: dict) -> tuple:
    return (ops.getitem(g, env["index"]),)


@_rule("gather")
def _gather(node: Tensor, g: Tensor, env: dict) -> tuple:
    """dL/da = g added back at the gathered places (the positions ``idx`` names along ``d``)."""
    return (scatter(g, positions_along(env["idx"], env["d"]), tuple(node._parents[0].shape)),)


@_rule("embedding")
def _embedding(node: Tensor, g: Tensor, env: dict) -> tuple:
    """dL/dW = g added into the rows the indices picked; the ``padding_idx`` row gets none."""
    (weight,) = node._parents
    grad = scatter(g, env["idx"], tuple(weight.shape))
    if env["padding_idx"] is not None:
        keep = np.ones((weight.shape[0], 1), dtype=g.array.dtype)
        keep[env["padding_idx"]] = 0
        grad = grad * _const(keep, g)
    return (grad,)


@_rule("flip")
def _flip(node: Tensor, g: Tensor, env: dict) -> tuple:
    return (ops.flip(g, env["axes"]),)


@_rule("roll")
def _roll(node: Tensor, g: Tensor, env: dict) -> tuple:
    return (ops.roll(g, env["back"], env["axes"]),)


def _from_the_end(g: Tensor, ax: int) -> Tensor:
    """The running sum of ``g`` along ``ax`` taken from the end: cumsum's adjoint."""
    return ops.flip(ops.cumsum(ops.flip(g, (ax,)), ax), (ax,))


@_rule("cumsum")
def _cumsum(node: Tensor, g: Tensor, env: dict) -> tuple:
    """dL/da = the running sum of g from the end (``g`` itself for a 0-d input)."""
    return (_from_the_end(g, env["ax"]) if "ax" in env else g,)


@_rule("cumprod")
def _cumprod(node: Tensor, g: Tensor, env: dict) -> tuple:
    """dL/da_i = Σ_{k≥i} g_k · out_k / a_i (non-zero inputs, as the NumPy rule)."""
    if "ax" not in env:
        return (g,)
    (a,) = node._parents
    return (_from_the_end(g * node, env["ax"]) / a,)


@_rule("concatenate")
def _concatenate(node: Tensor, g: Tensor, env: dict) -> tuple:
    axis, edges = env["axis"], [0, *(int(b) for b in env["bounds"]), g.shape[env["axis"] % g.ndim]]
    lead = (slice(None),) * (axis % g.ndim)
    return tuple(ops.getitem(g, (*lead, slice(s, e))) if p.requires_grad else None
                 for p, s, e in zip(node._parents, edges[:-1], edges[1:]))


@_rule("stack")
def _stack(node: Tensor, g: Tensor, env: dict) -> tuple:
    lead = (slice(None),) * env["axis"]
    return tuple(ops.getitem(g, (*lead, k)) if p.requires_grad else None for k, p in enumerate(node._parents))


# ------------------------------------------------------------------ elementwise functions

def _masked(name: str) -> Callable[[Tensor, Tensor, dict], tuple]:
    """A piecewise-linear op: ``g`` times a constant slope. Its second derivative is 0, but the
    gradient stays a function of the input (``+ 0·a``), so differentiating it again gives zeros, as torch."""
    def rule(node: Tensor, g: Tensor, env: dict) -> tuple:
        (a,) = node._parents
        if name == "relu":
            slope = a.array > 0
        elif name == "abs":
            slope = np.sign(a.array)
        elif name == "clip":
            slope = env["inside"]
        else:  # leaky_relu, hardtanh and the other constant slopes
            slope = env["slope"]
        return (g * _const(slope, g) + ops.mul(a, 0.0),)
    return rule


for _name in ("relu", "abs", "clip", "leaky_relu", "hardtanh"):
    RULES[_name] = _masked(_name)


@_rule("maximum", "minimum", "where")
def _select(node: Tensor, g: Tensor, env: dict) -> tuple:
    a, b = node._parents
    pick = env["mask"] if "mask" in env else env["cond"]
    zero = _const(0, g)
    return unbroadcast(ops.where(pick, g, zero), a.shape), unbroadcast(ops.where(pick, zero, g), b.shape)


def _unary_rule(name: str, derivative: Callable[[Tensor, Tensor], Tensor]) -> None:
    RULES[name] = lambda node, g, env: (g * derivative(node._parents[0], node),)


_unary_rule("exp", lambda a, out: out)
_unary_rule("log", lambda a, out: ops.reciprocal(a))
_unary_rule("sqrt", lambda a, out: 0.5 / out)
_unary_rule("tanh", lambda a, out: 1 - out * out)
_unary_rule("sigmoid", lambda a, out: out * (1 - out))
_unary_rule("square", lambda a, out: 2 * a)
_unary_rule("sin", lambda a, out: ops.cos(a))
_unary_rule("cos", lambda a, out: ops.neg(ops.sin(a)))
_unary_rule("reciprocal", lambda a, out: ops.neg(out * out))
_unary_rule("log1p", lambda a, out: ops.reciprocal(1 + a))
_unary_rule("silu", lambda a, out: ops.sigmoid(a) * (1 + a * (1 - ops.sigmoid(a))))


_unary_rule("arcsin", lambda a, out: ops.rsqrt(1 - a * a))
_unary_rule("arccos", lambda a, out: ops.neg(ops.rsqrt(1 - a * a)))
_unary_rule("arctan", lambda a, out: ops.reciprocal(1 + a * a))
_unary_rule("sinh", lambda a, out: ops.cosh(a))
_unary_rule("cosh", lambda a, out: ops.sinh(a))
_unary_rule("arcsinh", lambda a, out: ops.rsqrt(a * a + 1))
_unary_rule("arccosh", lambda a, out: ops.rsqrt(a * a - 1))
_unary_rule("arctanh", lambda a, out: ops.reciprocal(1 - a * a))
_unary_rule("tan", lambda a, out: 1 + out * out)
_unary_rule("log2", lambda a, out: ops.reciprocal(a * np.log(2.0)))
_unary_rule("log10", lambda a, out: ops.reciprocal(a * np.log(10.0)))
_unary_rule("exp2", lambda a, out: out * np.log(2.0))
_unary_rule("expm1", lambda a, out: out + 1)
_unary_rule("rsqrt", lambda a, out: out * out * out * -0.5)
_unary_rule("erf", lambda a, out: ops.exp(ops.neg(a * a)) * (2 / np.sqrt(np.pi)))
_unary_rule("erfc", lambda a, out: ops.exp(ops.neg(a * a)) * (-2 / np.sqrt(np.pi)))
_unary_rule("ndtr", lambda a, out: ops.exp(a * a * -0.5) * (1 / np.sqrt(2 * np.pi)))
_unary_rule("softsign", lambda a, out: ops.reciprocal((1 + ops.abs(a)) * (1 + ops.abs(a))))
_unary_rule("mish", lambda a, out: _mish_slope(a))
_unary_rule("selu", lambda a, out: ops.where(a.array > 0, _const(SELU_SCALE, a), out + SELU_SCALE * SELU_ALPHA))


def _mish_slope(a: Tensor) -> Tensor:
    """d/dx x·tanh(softplus x) = tanh(sp) + x·(1 - tanh²(sp))·σ(x)."""
    th = ops.tanh(softplus(a))
    return th + a * (1 - th * th) * ops.sigmoid(a)


def _gelu_slope(a: Tensor, out: Tensor) -> Tensor:
    """d/dx x·Φ(x) = Φ(x) + x·φ(x), with Φ from ``out = x·Φ(x)`` where x ≠ 0 (exact form only)."""
    pdf = ops.exp(a * a * -0.5) * (1 / np.sqrt(2 * np.pi))
    cdf = 0.5 * (1 + ops.erf(a * (1 / np.sqrt(2.0))))
    return cdf + a * pdf


_unary_rule("logsigmoid", lambda a, out: 1 - ops.sigmoid(a))


def _gelu_tanh_slope(a: Tensor) -> Tensor:
    """d/dx of ``x/2·(1 + tanh(u))``, ``u = √(2/π)(x + 0.044715x³)``:
    ``(1 + tanh u)/2 + x/2·(1 - tanh²u)·√(2/π)(1 + 3·0.044715x²)``."""
    k = np.sqrt(2 / np.pi)
    th = ops.tanh((a + a * a * a * 0.044715) * k)
    return (1 + th) * 0.5 + a * 0.5 * (1 - th * th) * (1 + a * a * (3 * 0.044715)) * k


@_rule("gelu")
def _gelu(node: Tensor, g: Tensor, env: dict) -> tuple:
    """Exact ``x·Φ(x)``."""
    (a,) = node._parents
    return (g * _gelu_slope(a, node),)


@_rule("gelu_tanh")
def _gelu_tanh(node: Tensor, g: Tensor, env: dict) -> tuple:
    """The tanh approximation (``approximate='tanh'``)."""
    (a,) = node._parents
    return (g * _gelu_tanh_slope(a),)


@_rule("elu")
def _elu(node: Tensor, g: Tensor, env: dict) -> tuple:
    """d/dx = 1 where x > 0, else α·e^x (α: the op's, kept on its NumPy rule)."""
    (a,) = node._parents
    return (ops.where(a.array > 0, g, g * ops.exp(a) * node._backward.alpha),)


@_rule("softplus")
def _softplus(node: Tensor, g: Tensor, env: dict) -> tuple:
    """d/dx = σ(βx), 1 where βx > threshold (β and the threshold: the op's, kept on its NumPy rule)."""
    (a,) = node._parents
    beta, threshold = node._backward.beta, node._backward.threshold
    return (ops.where(a.array * beta > threshold, g, g * ops.sigmoid(a * beta)),)


@_rule("softmax")
def _softmax(node: Tensor, g: Tensor, env: dict) -> tuple:
    """dL/da = s ⊙ (g - Σ g·s)."""
    axis = env["axis"]
    return (node * (g - ops.sum(g * node, axis, True)),)


@_rule("log_softmax")
def _log_softmax(node: Tensor, g: Tensor, env: dict) -> tuple:
    """dL/da = g - softmax(a)·Σ g."""
    axis = env["axis"]
    return (g - ops.exp(node) * ops.sum(g, axis, True),)


@_rule("cross_entropy")
def _cross_entropy(node: Tensor, g: Tensor, env: dict) -> tuple:
    """dL/dz = (softmax(z)·Σ_c t - t)·g / N, with t the one-hot labels or the given rows."""
    (logits,) = node._parents
    probs = ops.softmax(logits, -1)
    labels = env["labels"]
    if labels is not None:
        target = np.zeros(logits.shape, dtype=logits.array.dtype)
        target[env["rows"], labels] = 1
        diff = probs - _const(target, logits)
    else:
        diff = probs * _const(env["row_mass"], logits) - _const(env["t"], logits)
    reduction = env["reduction"]
    if reduction == "none":
        return (diff * _shape.unsqueeze(g, 1),)
    return (diff * (g / float(env["n"]) if reduction == "mean" else g),)


@_rule("mse_loss")
def _mse_loss(node: Tensor, g: Tensor, env: dict) -> tuple:
    """dL/dx = 2 (x - y) · g / n, dL/dy = -dL/dx (n: the op's, kept on its NumPy rule)."""
    x, t = node._parents
    gx = (x - t) * (g * (2.0 / node._backward.count))
    return gx, -gx


@_rule("unfold")
def _unfold(node: Tensor, g: Tensor, env: dict) -> tuple:
    """dL/dx = fold(g): the columns summed back into images of the input's size."""
    return (_unfold_ops.fold(g, env["size"], env["kernel"], env["dil"], env["pad"], env["st"]),)


@_rule("fold")
def _fold(node: Tensor, g: Tensor, env: dict) -> tuple:
    """dL/dx = unfold(g): the blocks of g as columns."""
    return (_unfold_ops.unfold(g, env["kernel"], env["dil"], env["pad"], env["st"]),)


@_rule("einsum")
def _einsum(node: Tensor, g: Tensor, env: dict) -> tuple:
    """dL/d(operand k) = einsum(g and the other operands -> k's subscripts), broadcast along letters
    only operand k has; an operand with a repeated letter (a diagonal) is not differentiated twice yet."""
    terms, output, parts = env["terms"], env["output"], env["parts"]
    grads = []
    for k, (term, p) in enumerate(zip(terms, parts)):
        if not p.requires_grad:
            grads.append(None)
            continue
        if len(set(term)) != len(term):
            raise NotImplementedError(f"create_graph=True through einsum: the operand {term!r} repeats a letter "
                                      "(a diagonal); not differentiable twice in ligero yet")
        others = [(t, q) for i, (t, q) in enumerate(zip(terms, parts)) if i != k]
        known = set(output) | {c for t, _ in others for c in t}
        reduced = "".join(c for c in term if c in known)
        piece = ops.einsum(",".join([output, *(t for t, _ in others)]) + "->" + reduced, g, *(q for _, q in others))
        if reduced != term:  # constant along the letters only this operand has
            sizes = dict(zip(term, p.shape))
            piece = _shape.expand(ops.reshape(piece, tuple(sizes[c] if c in known else 1 for c in term)),
                                  tuple(sizes[c] for c in term))
        grads.append(piece)
    return tuple(grads)


@_rule("inv")
def _inv(node: Tensor, g: Tensor, env: dict) -> tuple:
    """dL/dA = -A⁻ᵀ g A⁻ᵀ, with A⁻¹ the op's output."""
    inv_t = _shape.transpose(node, (*range(node.ndim - 2), node.ndim - 1, node.ndim - 2))
    return (ops.neg(ops.matmul(ops.matmul(inv_t, g), inv_t)),)


@_rule("det")
def _det(node: Tensor, g: Tensor, env: dict) -> tuple:
    """dL/dA = g·det(A)·A⁻ᵀ (an invertible A)."""
    (a,) = node._parents
    inv_t = _shape.transpose(_linalg_ops.inv(a), (*range(a.ndim - 2), a.ndim - 1, a.ndim - 2))
    scale = _shape.unsqueeze(_shape.unsqueeze(g * node, -1), -1)
    return (scale * inv_t,)


@_rule("Function")
def _function(node: Tensor, g: Tensor, env: dict) -> tuple:
    """An autograd.Function: its own backward, run on Tensors with recording on (as torch does)."""
    seeds = [g if i == env["slot"] else _const(np.zeros_like(o.array), o) for i, o in enumerate(env["outputs"])]
    grads = env["cls"].backward(env["ctx"], *seeds)
    grads = grads if isinstance(grads, tuple) else (grads,)
    return tuple(None if grads[i] is None else grads[i] if isinstance(grads[i], Tensor) else _const(grads[i], g)
                 for i in env["positions"])


# ---------------------------------------------------------------------------- the engine

def _rule_of(node: Tensor) -> Rule:
    if node._backward is _freed:
        raise RuntimeError(_SECOND_BACKWARD)
    op = (node.op or "").split("(")[0]
    if node._backward.__qualname__.endswith("apply.<locals>.rule"):  # an autograd.Function's node
        op = "Function"
    rule = RULES.get(op)
    if rule is None:
        raise NotImplementedError(
            f"create_graph=True: the backward of {torch_name(node)} (ligero op '{node.op}') is not "
            "differentiable in ligero yet; compute this gradient without create_graph"
        )
    return rule


def graph_backward(roots: Sequence[Tensor], seeds: Sequence[Tensor],
                   capture: Sequence[Tensor] = ()) -> dict[Tensor, Tensor]:
    """``{tensor: dL/dtensor}`` for every leaf that requires grad behind ``roots`` and every tensor of
    ``capture`` (a non-leaf too), each a recorded Tensor.

    ``seeds`` are ``dL/droot``. Retained non-leaves get their (evaluated) gradient in ``.grad`` as in
    the ordinary engine; hooks see and may replace the Tensor gradient.
    """
    grads: dict[Tensor, Tensor] = {}
    found: dict[Tensor, Tensor] = {}
    for root, seed in zip(roots, seeds):
        grads[root] = seed if root not in grads else grads[root] + seed
    with enable_grad():
        for node in reversed(_topological_order(roots)):
            g = grads.pop(node, None)
            if g is None:
                continue
            g = _hooked(node, g)
            if any(node is c for c in capture):
                found[node] = g
            if node._retain:
                node._grad = np.array(g.array) if node._grad is None else node.grad_array + g.array
            for parent, pg in zip(node._parents, _rule_of(node)(node, g, _closure(node))):
                if pg is not None and parent.requires_grad:
                    grads[parent] = pg if parent not in grads else grads[parent] + pg
    found.update((t, _hooked(t, g)) for t, g in grads.items() if t._backward is None)
    return found


def _seed_tensor(given: Any, seed: np.ndarray) -> Tensor:
    """The seed as a Tensor: the given gradient itself when it is one (it may have a graph), else a constant."""
    return given if isinstance(given, Tensor) and given.shape == seed.shape else _leaf(seed)


def backward_with_graph(roots: Sequence[Tensor], given: Sequence[Any], seeds: Sequence[np.ndarray],
                        inputs: Any = None) -> None:
    """``backward(create_graph=True)``: each leaf's (or each of ``inputs``') ``.grad`` accumulates a recorded Tensor."""
    found = graph_backward(roots, [_seed_tensor(g, s) for g, s in zip(given, seeds)])
    wanted = None if inputs is None else {id(t) for t in ((inputs,) if isinstance(inputs, Tensor) else inputs)}
    for leaf, g in found.items():
        if wanted is None or id(leaf) in wanted:
            set_graph_gradient(leaf, g)


def grad_with_graph(outputs: Sequence[Tensor], inputs: Sequence[Tensor], given: Sequence[Any],
                    seeds: Sequence[np.ndarray]) -> list[Tensor | None]:
    """``autograd.grad(..., create_graph=True)``: the gradient of each input as a recorded Tensor (None if unused)."""
    found = graph_backward(outputs, [_seed_tensor(g, s) for g, s in zip(given, seeds)], inputs)
    return [found.get(t) for t in inputs]


def _hooked(t: Tensor, g: Tensor) -> Tensor:
    for hook in tuple(t._hooks or ()):
        replaced = hook(g)
        if replaced is not None:
            g = replaced
    return g


from ligero.autograd import higher_order_nn  # noqa: E402, F401  (registers the network ops' rules)
