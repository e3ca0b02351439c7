"""``autograd.grad`` and ``autograd.backward``: the engine run from several outputs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

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
    if create_graph:
        raise NotImplementedError("create_graph=True (higher-order gradients) is not supported")
    outs, ins = _tensors(outputs), _tensors(inputs)
    for t in ins:
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    capture: dict[Tensor, Any] = dict.fromkeys(ins)
    run_backward(outs, _seeds(outs, grad_outputs), bool(retain_graph), capture)
    result = []
    for t in ins:
        g = capture[t]
        if g is None:
            if not (allow_unused or materialize_grads):
                raise RuntimeError(
                    "One of the differentiated Tensors appears to not have been used in the graph. "
                    "Set allow_unused=True if this is the desired behavior."
                )
            result.append(_leaf(np.zeros_like(t.array)) if materialize_grads else None)
        else:
            result.append(_leaf(np.array(g, dtype=t.array.dtype)))
    return tuple(result)


def backward(
    tensors: Tensor | Sequence[Tensor], grad_tensors: Any = None, retain_graph: bool | None = None,
    create_graph: bool = False, inputs: Any = None,
) -> None:
    """Accumulate into the leaves' ``.grad`` the gradients of the sum of ``tensors`` (with ``grad_tensors``)."""
    if create_graph:
        raise NotImplementedError("create_graph=True (higher-order gradients) is not supported")
    outs = _tensors(tensors)
    if inputs is not None:
        for t, g in zip(_tensors(inputs), grad(outs, inputs, grad_tensors, retain_graph, allow_unused=True)):
            if g is not None:
                t._grad = g.array if t._grad is None else t.grad_array + g.array
        return
    run_backward(outs, _seeds(outs, grad_tensors), bool(retain_graph))
