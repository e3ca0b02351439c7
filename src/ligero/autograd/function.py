"""``autograd.Function``: an op whose forward and backward the user writes (torch's API).

    class Square(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return 2 * x * grad

    y = Square.apply(x)
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ligero.tensor import Tensor, _leaf, make_result, no_grad


class FunctionCtx:
    """What ``forward`` leaves for ``backward``: saved tensors, flags, any attribute."""

    def __init__(self, needs_input_grad: tuple[bool, ...]) -> None:
        self.needs_input_grad = needs_input_grad
        self._saved: tuple[Any, ...] = ()
        self._versions: tuple[int, ...] = ()
        self.materialize_grads = True

    def save_for_backward(self, *tensors: Any) -> None:
        self._saved = tensors
        self._versions = tuple(t._version if isinstance(t, Tensor) else 0 for t in tensors)

    @property
    def saved_tensors(self) -> tuple[Any, ...]:
        for t, v in zip(self._saved, self._versions):
            if isinstance(t, Tensor) and t._version != v:
                raise RuntimeError(
                    "one of the variables needed for gradient computation has been modified by an "
                    "inplace operation (a tensor saved with ctx.save_for_backward)"
                )
        return self._saved

    def mark_non_differentiable(self, *tensors: Any) -> None:
        self._non_differentiable = getattr(self, "_non_differentiable", set()) | {id(t) for t in tensors}

    def set_materialize_grads(self, value: bool) -> None:
        self.materialize_grads = bool(value)


class Function:
    """Subclass with staticmethods ``forward(ctx, *args)`` and ``backward(ctx, *grads)``; call ``apply``."""

    @staticmethod
    def forward(ctx: FunctionCtx, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("a Function subclass must define forward(ctx, ...)")

    @staticmethod
    def backward(ctx: FunctionCtx, *grads: Any) -> Any:
        raise NotImplementedError("a Function subclass must define backward(ctx, grad) to be differentiated")

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:
        """Run ``forward`` without recording, then record one node whose rule is ``backward``."""
        ctx = FunctionCtx(tuple(isinstance(a, Tensor) and a.requires_grad for a in args))
        with no_grad():
            result = cls.forward(ctx, *args, **kwargs)
        out, slot, outputs = _the_differentiable_output(cls.__name__, ctx, result)
        positions = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        parents = tuple(args[i] for i in positions)

        def rule(g: np.ndarray) -> tuple:
            seeds = [_leaf(g) if i == slot else _leaf(np.zeros_like(o.array)) for i, o in enumerate(outputs)]
            grads = cls.backward(ctx, *seeds)
            grads = grads if isinstance(grads, tuple) else (grads,)
            if len(grads) != len(args):
                raise RuntimeError(
                    f"function {cls.__name__}Backward returned an incorrect number of gradients "
                    f"(expected {len(args)}, got {len(grads)})"
                )
            picked = [grads[i] for i in positions]
            return tuple(None if x is None else (x.array if isinstance(x, Tensor) else np.asarray(x))
                         for x in picked)

        node = make_result(out.array, parents, rule, cls.__name__)
        if not isinstance(result, tuple):
            return node
        return tuple(node if i == slot else o for i, o in enumerate(outputs))


def _the_differentiable_output(name: str, ctx: FunctionCtx, result: Any) -> tuple[Tensor, int, tuple]:
    """forward's one output that carries a gradient, its place, and all the outputs."""
    outputs = result if isinstance(result, tuple) else (result,)
    marked = getattr(ctx, "_non_differentiable", set())
    slots = [i for i, o in enumerate(outputs) if isinstance(o, Tensor) and id(o) not in marked]
    if len(slots) != 1:
        raise TypeError(
            f"{name}.forward must return one Tensor, or a tuple with exactly one output not marked by "
            f"ctx.mark_non_differentiable (got {len(slots)} differentiable outputs)")
    return outputs[slots[0]], slots[0], outputs


def once_differentiable(backward: Any) -> Any:
    """Decorator for a ``backward`` that cannot itself be differentiated: it runs without recording."""

    @functools.wraps(backward)
    def wrapper(ctx: FunctionCtx, *grads: Any) -> Any:
        with no_grad():
            return backward(ctx, *grads)

    return wrapper
