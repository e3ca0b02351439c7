"""``Module.register_full_backward_hook``: ``hook(module, grad_input, grad_output)`` once the
gradients of the module's inputs are known, as torch calls it.

As torch does, the module's tensor inputs and its output pass through identity nodes
(``BackwardHookFunctionBackward``): the output's records ``grad_output``; the inputs' collect
``grad_input`` and, at the last of them, call the hooks, whose returned tuple replaces the input
gradients still to be sent on. With no input requiring grad the hooks run when ``grad_output`` is
known, with ``grad_input = (None, ...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ligero.tensor import Tensor, _leaf, is_grad_enabled, make_result

_NODE = "BackwardHookFunction"


class _Pass:
    """The gradients one call of the module has gathered so far."""

    def __init__(self, module: Any, args: tuple) -> None:
        self.module, self.grad_output = module, None
        self.slots = [i for i, a in enumerate(args) if isinstance(a, Tensor) and a.requires_grad]
        self.grad_input: list[Any] = [None] * len(args)
        self.replaced: dict[int, Any] = {}
        self.waiting = len(self.slots)

    def call_hooks(self) -> None:
        grads = tuple(None if g is None else _leaf(g) for g in self.grad_input)
        for hook in tuple(self.module._backward_hooks):
            result = hook(self.module, grads, self.grad_output)
            if result is not None:
                grads = tuple(result)
        self.replaced = {i: g for i, g in enumerate(grads)}

    def input_gradient(self, i: int, g: np.ndarray) -> np.ndarray:
        self.grad_input[i] = g
        self.waiting -= 1
        if self.waiting == 0:
            self.call_hooks()
        if self.replaced:  # the hooks ran: send on what they gave (None: zeros)
            new = self.replaced.get(i)
            return np.zeros_like(g) if new is None else np.asarray(new.array if isinstance(new, Tensor) else new)
        return g

    def output_gradient(self, g: np.ndarray) -> np.ndarray:
        self.grad_output = (_leaf(g),)
        if not self.slots:
            self.call_hooks()
        return g


def call_with_backward_hooks(module: Any, call: Callable[[tuple], Any], args: tuple) -> Any:
    """``call(args)`` with the module's inputs and output passed through the hook's identity nodes."""
    if not is_grad_enabled():
        return call(args)
    state = _Pass(module, args)
    wrapped = list(args)
    for i in state.slots:
        a = args[i]
        wrapped[i] = make_result(a.array, (a,), lambda g, i=i: (state.input_gradient(i, g),), _NODE)
    output = call(tuple(wrapped))
    if isinstance(output, Tensor) and output.requires_grad:
        return make_result(output.array, (output,), lambda g: (state.output_gradient(g),), _NODE)
    return output
