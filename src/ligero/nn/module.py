"""Module: the PyTorch-style base class of every layer and model.

A Module finds its parameters and submodules by looking at its own attributes
(also inside lists, tuples and dicts), so subclasses only assign them:

    class Net(Module):
        def __init__(self):
            super().__init__()
            self.hidden = Linear(784, 128)
        def forward(self, x):
            return self.hidden(x).relu()
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from ligero.errors import ConfigError, ShapeError
from ligero.nn.parameter import Parameter
from ligero.tensor import Tensor


class Module:
    """Base class: parameters, submodules, buffers, train/eval mode and state dicts."""

    def __init__(self) -> None:
        self.training = True
        self._buffers: dict[str, np.ndarray] = {}

    # ------------------------------------------------------------ forward
    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define forward()")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)

    # --------------------------------------------------------- discovery
    def named_children(self) -> Iterator[tuple[str, Module]]:
        """Direct submodules, found among the attributes (and inside lists/tuples/dicts)."""
        for name, value in vars(self).items():
            if name.startswith("_"):
                continue
            yield from _modules_in(name, value)

    def children(self) -> Iterator[Module]:
        for _, child in self.named_children():
            yield child

    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]:
        """This module and every submodule, depth first, each once."""
        seen: set[int] = set()
        stack = [(prefix, self)]
        while stack:
            name, module = stack.pop(0)
            if id(module) in seen:
                continue
            seen.add(id(module))
            yield name, module
            stack[0:0] = [
                (f"{name}.{child_name}" if name else child_name, child)
                for child_name, child in module.named_children()
            ]

    def modules(self) -> Iterator[Module]:
        for _, module in self.named_modules():
            yield module

    def named_parameters(self) -> Iterator[tuple[str, Parameter]]:
        """Every Parameter of this module and its submodules, each once, with a dotted name."""
        seen: set[int] = set()
        for module_name, module in self.named_modules():
            for attr, value in vars(module).items():
                if isinstance(value, Parameter) and id(value) not in seen:
                    seen.add(id(value))
                    yield (f"{module_name}.{attr}" if module_name else attr), value

    def parameters(self) -> list[Parameter]:
        return [p for _, p in self.named_parameters()]

    def trainable_parameters(self) -> list[Parameter]:
        return [p for p in self.parameters() if p.requires_grad]

    def register_buffer(self, name: str, value: np.ndarray) -> None:
        """A non-trainable array saved with the state (e.g. batch-norm running statistics)."""
        self._buffers[name] = value
        object.__setattr__(self, name, value)

    def named_buffers(self) -> Iterator[tuple[str, np.ndarray]]:
        for module_name, module in self.named_modules():
            for name in module._buffers:
                yield (f"{module_name}.{name}" if module_name else name), getattr(module, name)

    # -------------------------------------------------------------- modes
    def train(self, mode: bool = True) -> Module:
        """Training mode (dropout active, batch norm uses batch statistics)."""
        for module in self.modules():
            module.training = mode
        return self

    def eval(self) -> Module:
        """Inference mode."""
        return self.train(False)

    def zero_grad(self) -> None:
        """Forget the accumulated gradients of every parameter."""
        for p in self.parameters():
            p.grad = None

    # -------------------------------------------------------------- state
    def state_dict(self) -> dict[str, np.ndarray]:
        """Copies of every parameter and buffer, by dotted name."""
        state = {name: p.array.copy() for name, p in self.named_parameters()}
        state.update({name: np.array(b, copy=True) for name, b in self.named_buffers()})
        return state

    def load_state_dict(self, state: dict[str, Any], strict: bool = True) -> None:
        """Copy values into the parameters and buffers in place (shapes must match)."""
        targets: dict[str, Any] = dict(self.named_parameters())
        buffers = {name: None for name, _ in self.named_buffers()}
        if strict:
            missing = sorted((set(targets) | set(buffers)) - set(state))
            unexpected = sorted(set(state) - set(targets) - set(buffers))
            if missing or unexpected:
                raise ConfigError(
                    f"load_state_dict: state does not match {type(self).__name__}: "
                    f"missing {missing}, unexpected {unexpected}"
                )
        for name, value in state.items():
            array = np.asarray(value.array if isinstance(value, Tensor) else value)
            if name in targets:
                param = targets[name]
                if param.shape != array.shape:
                    raise ShapeError(
                        f"load_state_dict: '{name}' has shape {param.shape} in the model "
                        f"but {array.shape} in the state"
                    )
                param.array[...] = array
            elif name in buffers:
                module_name, _, attr = name.rpartition(".")
                module = dict(self.named_modules())[module_name]
                current = getattr(module, attr)
                if np.shape(current) != array.shape:
                    raise ShapeError(
                        f"load_state_dict: buffer '{name}' has shape {np.shape(current)} in the "
                        f"model but {array.shape} in the state"
                    )
                current[...] = array

    def num_parameters(self) -> int:
        return int(sum(p.array.size for p in self.parameters()))


def _modules_in(name: str, value: Any) -> Iterator[tuple[str, Module]]:
    if isinstance(value, Module):
        yield name, value
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _modules_in(f"{name}.{i}", item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _modules_in(f"{name}.{key}", item)
