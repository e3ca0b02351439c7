"""The top-level functions of the PyTorch face (``ligero.sum(x, dim=1)``, ``ligero.cat``...).

Most are the Tensor method of the same name called on the first argument (one
mechanism, one meaning); the few without a method form (``cat``, ``stack``,
``where``, ``einsum``...) are written here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ligero import ops
from ligero.ops import index as _index
from ligero.tensor import Tensor, as_tensor

METHOD_FUNCTIONS = (
    "abs", "exp", "log", "log1p", "expm1", "sqrt", "rsqrt", "neg", "negative", "sign", "sin", "cos", "tan",
    "tanh", "sigmoid", "relu", "clamp", "clip", "clamp_min", "clamp_max", "floor", "ceil", "round", "trunc",
    "frac", "reciprocal", "pow", "square", "maximum", "minimum", "lerp", "addcmul", "addcdiv", "erf", "sum",
    "mean", "prod", "max", "min", "amax", "amin", "argmax", "argmin", "std", "var", "logsumexp", "norm",
    "cumsum", "cumprod", "all", "any", "reshape", "permute", "transpose", "swapaxes", "swapdims", "t",
    "unsqueeze", "squeeze", "flatten", "unflatten", "chunk", "split", "unbind", "flip", "roll", "narrow",
    "gather", "scatter", "scatter_add", "index_select", "masked_fill", "masked_select", "nonzero", "topk",
    "sort", "argsort", "unique", "bmm", "mm", "matmul", "outer", "dot", "tril", "triu", "diag", "trace",
    "eq", "ne", "lt", "le", "gt", "ge", "isclose", "allclose", "equal", "logical_and", "logical_or",
    "logical_not", "logical_xor", "add", "sub", "subtract", "mul", "multiply", "div", "divide",
    "true_divide", "softmax", "log_softmax", "clone", "numel", "isnan", "isinf", "isfinite",
    "count_nonzero", "is_floating_point",
)


def _from_method(name: str) -> Callable[..., Any]:
    method = getattr(Tensor, name)

    def function(input: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: A002 - torch's name
        return method(as_tensor(input), *args, **kwargs)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"``{name}(input, ...)``: the same as ``input.{name}(...)``."
    return function


FUNCTIONS = {name: _from_method(name) for name in METHOD_FUNCTIONS}


def cat(tensors: Sequence[Any], dim: int = 0, *, axis: int | None = None) -> Tensor:
    """Join tensors along an existing dimension."""
    parts = [t for t in tensors if not (isinstance(t, Tensor) and t.ndim == 1 and t.array.size == 0)] or list(tensors)
    return ops.concatenate(parts, dim if axis is None else axis)


def stack(tensors: Sequence[Any], dim: int = 0, *, axis: int | None = None) -> Tensor:
    """Join tensors of one shape along a new dimension."""
    return ops.stack(tensors, dim if axis is None else axis)


def where(condition: Any, input: Any = None, other: Any = None) -> Any:  # noqa: A002
    """``input`` where ``condition`` holds, else ``other``; with the condition alone, its nonzero indices."""
    if input is None and other is None:
        return _index.nonzero(condition, as_tuple=True)
    return ops.where(condition, input, other)


def einsum(equation: str, *operands: Any) -> Tensor:
    return ops.einsum(equation, *operands)


def is_tensor(obj: Any) -> bool:
    return isinstance(obj, Tensor)


def hstack(tensors: Sequence[Any]) -> Tensor:
    return cat(tensors, 0 if as_tensor(tensors[0]).ndim == 1 else 1)


def vstack(tensors: Sequence[Any]) -> Tensor:
    return cat([t if as_tensor(t).ndim > 1 else as_tensor(t).unsqueeze(0) for t in tensors], 0)


concat = concatenate = cat
