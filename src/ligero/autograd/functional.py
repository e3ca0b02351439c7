"""``autograd.grad`` and ``autograd.backward``: the engine run from several outputs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ligero.autograd.higher_order import backward_with_graph, grad_with_graph
from ligero.tensor import Tensor, _leaf, _seed_gradient, run_backward


def _tensors(x: Any) -> tuple[Tensor, ...]:
    return (x,) if isinstance(x, Tensor) else tuple(x)


def _seeds(outputs: tuple[Tensor, ...], grad_outputs: Any) -> list[np.ndarray]:
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    else:
        grad_outputs = _tensors(grad_outputs) if not isinstance(grad_outputs, (list, tuple)) else grad_outputs
    if len(grad_outputs) != len(outputs):
        raise RuntimeError(f"grad requires one grad_output per output: got {len(grad_outputs)} for "
                           f"{len(outputs)} outputs")
    return [_seed_gradient(o, g) for o, g in zip(outputs, grad_outputs)]


def grad(
    outputs: Tensor | Sequence[Tensor], inputs: Tensor | Sequence[Tensor], grad_outputs: Any = None,
    retain_graph: bool | None = None, create_graph: bool = False, allow_unused: bool | None = None,
    is_grads_batched: bool = False, materialize_grads: bool = False,
) -> tuple[Tensor | None, ...]:
    """The gradients of ``outputs`` with respect to each of ``inputs`` (first order), touching no ``.grad``.

    An input the outputs do not depend on raises unless ``allow_unused=True`` (then its
    gradient is None, or zeros with ``materialize_grads=True``).
    """
    outs, ins = _tensors(outputs), _tensors(inputs)
    for t in ins:
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    if create_graph:
        found = grad_with_graph(outs, ins, _given(outs, grad_outputs), _seeds(outs, grad_outputs))
    else:
        capture: dict[Tensor, Any] = dict.fromkeys(ins)
        run_backward(outs, _seeds(outs, grad_outputs), bool(retain_graph), capture)
        found = [capture[t] for t in ins]
    result = []
    for t, g in zip(ins, found):
        if g is None:
            if not (allow_unused or materialize_grads):
                raise RuntimeError(
                    "One of the differentiated Tensors appears to not have been used in the graph. "
                    "Set allow_unused=True if this is the desired behavior."
                )
            result.append(_leaf(np.zeros_like(t.array)) if materialize_grads else None)
        elif isinstance(g, Tensor):
            result.append(g)
        else:
            result.append(_leaf(np.array(g, dtype=t.array.dtype)))
    return tuple(result)


def _given(outputs: tuple[Tensor, ...], grad_outputs: Any) -> tuple:
    """The grad_outputs as given (one per output; None where none was), before they become arrays."""
    if grad_outputs is None:
        return (None,) * len(outputs)
    return (grad_outputs,) if isinstance(grad_outputs, Tensor) else tuple(grad_outputs)


def backward(
    tensors: Tensor | Sequence[Tensor], grad_tensors: Any = None, retain_graph: bool | None = None,
    create_graph: bool = False, inputs: Any = None,
) -> None:
    """Accumulate into the leaves' ``.grad`` the gradients of the sum of ``tensors`` (with ``grad_tensors``)."""
    outs = _tensors(tensors)
    if create_graph:
        backward_with_graph(outs, _given(outs, grad_tensors), _seeds(outs, grad_tensors), inputs)
        return
    if inputs is not None:
        for t, g in zip(_tensors(inputs), grad(outs, inputs, grad_tensors, retain_graph, allow_unused=True)):
            if g is not None:
                t._grad = g.array if t._grad is None else t.grad_array + g.array
        return
    run_backward(outs, _seeds(outs, grad_tensors), bool(retain_graph))


# ---------------------------------------------------------------------------
# torch.autograd.functional: jacobian, vjp, jvp, hessian, hvp (first order: their own create_graph is refused)


def _leaves(inputs: Any) -> tuple[tuple[Tensor, ...], bool]:
    """Fresh float leaves that require grad, one per input, and whether a tuple was given."""
    several = isinstance(inputs, (list, tuple))
    items = tuple(inputs) if several else (inputs,)
    return tuple(_leaf(np.array(t.array if isinstance(t, Tensor) else t)).requires_grad_(True) for t in items), several


def _first_order(create_graph: bool, strict: bool, name: str) -> None:
    if create_graph:
        raise NotImplementedError(f"{name}(create_graph=True) is not supported: its results come back without a graph "
                                  "(autograd.grad(..., create_graph=True) gives gradients with one)")


def jacobian(func: Any, inputs: Any, create_graph: bool = False, strict: bool = False,
             vectorize: bool = False, strategy: str = "reverse-mode") -> Any:
    """``J[o..., i...] = ∂func(x)[o...] / ∂x[i...]``, one reverse pass per output element.

    A tuple of inputs gives a tuple of Jacobians (one per input), as torch's does.
    """
    _first_order(create_graph, strict, "jacobian")
    leaves, several = _leaves(inputs)
    out = func(*leaves)
    if not isinstance(out, Tensor):
        raise NotImplementedError("jacobian: func must return one Tensor (tuples of outputs are not supported)")
    rows: list[list[np.ndarray]] = [[] for _ in leaves]
    flat = out.reshape(-1)
    for k in range(flat.shape[0]):
        seed = np.zeros(flat.shape[0], dtype=out.array.dtype)
        seed[k] = 1
        grads = grad(flat, leaves, _leaf(seed), retain_graph=True, allow_unused=True)
        for row, g, t in zip(rows, grads, leaves):
            row.append(np.zeros_like(t.array) if g is None else g.array)
    jac = tuple(_leaf(np.stack(r).reshape(tuple(out.shape) + tuple(t.shape)) if r else
                      np.zeros(tuple(out.shape) + tuple(t.shape), dtype=t.array.dtype))
                for r, t in zip(rows, leaves))
    return jac if several else jac[0]


def vjp(func: Any, inputs: Any, v: Any = None, create_graph: bool = False, strict: bool = False) -> tuple:
    """``(func(x), vᵀ·J)``: the outputs and the vector-Jacobian product (one reverse pass)."""
    _first_order(create_graph, strict, "vjp")
    leaves, several = _leaves(inputs)
    out = func(*leaves)
    grads = grad(out, leaves, v, allow_unused=True, materialize_grads=True)
    return out.detach(), (grads if several else grads[0])


def jvp(func: Any, inputs: Any, v: Any = None, create_graph: bool = False, strict: bool = False) -> tuple:
    """``(func(x), J·v)``: the outputs and the Jacobian-vector product (from the full Jacobian)."""
    _first_order(create_graph, strict, "jvp")
    several = isinstance(inputs, (list, tuple))
    jac = jacobian(func, inputs)
    jacs, vs = (jac, tuple(v)) if several else ((jac,), (v,))
    out = func(*(inputs if several else (inputs,))).detach()
    total = np.zeros(tuple(out.shape), dtype=out.array.dtype)
    for j, vec in zip(jacs, vs):
        vec_a = vec.array if isinstance(vec, Tensor) else np.asarray(vec)
        total = total + np.tensordot(j.array, vec_a, axes=vec_a.ndim)
    return out, _leaf(total)


def _scalar_gradient(func: Any, inputs: Any) -> tuple[tuple[Tensor, ...], bool, Tensor, tuple[Tensor, ...]]:
    """Leaves for ``inputs``, whether a tuple was given, ``func``'s scalar value and its recorded gradients."""
    leaves, several = _leaves(inputs)
    out = func(*leaves)
    if not isinstance(out, Tensor) or out.array.size != 1:
        raise RuntimeError("The function given to hessian/hvp/vhp should return a single Tensor with one element")
    grads = grad(out, leaves, create_graph=True, allow_unused=True, materialize_grads=True)
    return leaves, several, out, grads


def hessian(func: Any, inputs: Any, create_graph: bool = False, strict: bool = False,
            vectorize: bool = False, outer_jacobian_strategy: str = "reverse-mode") -> Any:
    """``H[i..., j...] = ∂²func(x) / ∂x[i...] ∂x[j...]`` of a scalar function: one reverse pass of the
    recorded gradient per element (a tuple of inputs gives the tuple of tuples of blocks, as torch)."""
    _first_order(create_graph, strict, "hessian")
    leaves, several, _, grads = _scalar_gradient(func, inputs)
    blocks = []
    for g, t in zip(grads, leaves):
        flat = g.reshape(-1)
        rows: list[list[np.ndarray]] = [[] for _ in leaves]
        for k in range(flat.shape[0]):
            second = grad(flat[k], leaves, retain_graph=True, allow_unused=True, materialize_grads=True) \
                if flat.requires_grad else tuple(_leaf(np.zeros_like(s.array)) for s in leaves)
            for row, s in zip(rows, second):
                row.append(s.array)
        blocks.append(tuple(_leaf(np.stack(r).reshape(tuple(t.shape) + tuple(s.shape)))
                            for r, s in zip(rows, leaves)))
    return tuple(blocks) if several else blocks[0][0]


def hvp(func: Any, inputs: Any, v: Any = None, create_graph: bool = False, strict: bool = False) -> tuple:
    """``(func(x), H·v)``: the gradient's vector-Jacobian product with ``v`` (H is symmetric)."""
    _first_order(create_graph, strict, "hvp")
    leaves, several, out, grads = _scalar_gradient(func, inputs)
    vs = tuple(v) if several else (v,)
    live = [(g, w) for g, w in zip(grads, vs) if g.requires_grad]
    products = grad([g for g, _ in live], leaves, [w for _, w in live], allow_unused=True,
                    materialize_grads=True) if live else tuple(_leaf(np.zeros_like(t.array)) for t in leaves)
    return out.detach(), (products if several else products[0])


vhp = hvp  # the Hessian is symmetric: vᵀ·H = (H·v)ᵀ
