"""``torch.nn.utils.weight_norm`` / ``remove_weight_norm``: a weight re-parametrised by its direction and
its norm (Salimans & Kingma, 2016).

``w = g · v / ‖v‖``, the norm taken over every dimension but ``dim`` (``dim=None``: over the whole
tensor), so ``g`` holds one norm per slice along ``dim`` (for a Linear's (out, in) weight and
``dim=0``: (out, 1)). The module's ``weight`` parameter is replaced by ``weight_g`` and ``weight_v``,
and a forward pre-hook recomputes ``weight`` from them before each call; gradients reach g and v
through that composition of ops.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import ops
from ligero.nn.parameter import Parameter
from ligero.tensor import Tensor

__all__ = ["remove_weight_norm", "weight_norm"]


def _other_axes(ndim: int, dim: int | None) -> tuple[int, ...]:
    return tuple(range(ndim)) if dim is None else tuple(a for a in range(ndim) if a != dim % ndim)


def _norm_except_dim(v: Any, dim: int | None) -> Any:
    """‖v‖ over every axis but ``dim``, keeping them as size 1 (a 0-d norm for ``dim=None``)."""
    axes = _other_axes(v.ndim, dim)
    squares = ops.sum(ops.mul(v, v), axis=axes, keepdims=dim is not None)
    return ops.sqrt(squares)


class _WeightNorm:
    """The forward pre-hook: ``module.<name> = g · v / ‖v‖`` from ``<name>_g`` and ``<name>_v``."""

    def __init__(self, name: str, dim: int | None) -> None:
        self.name, self.dim = name, dim
        self.handle: Any = None

    def compute(self, module: Any) -> Tensor:
        g, v = getattr(module, self.name + "_g"), getattr(module, self.name + "_v")
        return ops.mul(v, ops.div(g, _norm_except_dim(v, self.dim)))

    def __call__(self, module: Any, inputs: Any) -> None:
        object.__setattr__(module, self.name, self.compute(module))


def weight_norm(module: Any, name: str = "weight", dim: int | None = 0) -> Any:
    """Re-parametrise ``module.<name>`` as ``g · v / ‖v‖`` (see the module docstring); returns ``module``."""
    for hook, _ in module._forward_pre_hooks or ():
        if isinstance(hook, _WeightNorm) and hook.name == name:
            raise RuntimeError(f"Cannot register two weight_norm hooks on the same parameter {name}")
    weight = module._parameters.get(name)
    if not isinstance(weight, Parameter):
        raise AttributeError(f"{type(module).__name__} has no parameter {name!r} to apply weight_norm to")
    dim = None if dim is None or dim == -1 else int(dim)  # torch: -1 (or None) is the norm of the whole tensor
    norm = _norm_except_dim(Tensor(weight.array), dim)
    delattr(module, name)
    module.register_parameter(name + "_g", Parameter(np.array(norm.array, dtype=weight.array.dtype)))
    module.register_parameter(name + "_v", Parameter(weight.array.copy()))
    hook = _WeightNorm(name, dim)
    hook(module, ())
    hook.handle = module.register_forward_pre_hook(hook)
    return module


def remove_weight_norm(module: Any, name: str = "weight") -> Any:
    """Fold ``g`` and ``v`` back into one ``<name>`` parameter and take the hook off; returns ``module``."""
    for hook, _ in tuple(module._forward_pre_hooks or ()):
        if isinstance(hook, _WeightNorm) and hook.name == name:
            weight = hook.compute(module).array.copy()
            hook.handle.remove()
            delattr(module, name + "_g")
            delattr(module, name + "_v")
            object.__delattr__(module, name)
            module.register_parameter(name, Parameter(weight))
            return module
    raise ValueError(f"weight_norm of '{name}' not found in {module}")
