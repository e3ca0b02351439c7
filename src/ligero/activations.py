"""Activation functions by name, for layers: ``activations.get("tanh")(x)``.

Each is a thin wrapper over the differentiable op of the same name in
:mod:`ligero.ops` (whose docstrings give the formula and the derivative).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ligero import ops
from ligero.errors import ConfigError
from ligero.tensor import Tensor


class Activation:
    """A named activation ``f(x)`` with optional parameters (e.g. ``alpha``)."""

    def __init__(self, name: str, fn: Callable[..., Tensor], **params: float) -> None:
        self.name, self.fn, self.params = name, fn, params

    def __call__(self, x: Tensor) -> Tensor:
        return self.fn(x, **self.params)

    def get_config(self) -> dict[str, Any]:
        """``{"name": ..., <parameters>}`` for a built-in activation (what ``get`` rebuilds).

        A custom function is Python code, not data: asking for its config raises
        ConfigError (so a model using one cannot be saved whole, only its weights).
        """
        builtin = _FUNCTIONS.get(self.name)
        if builtin is None or builtin[0] is not self.fn:
            raise ConfigError(
                f"cannot save the custom activation {self.name!r}: it is Python code. Use a built-in "
                f"activation ({', '.join(names())}) or save only the weights with save_weights()"
            )
        return {"name": self.name, **self.params}

    def __repr__(self) -> str:
        extra = "".join(f", {k}={v}" for k, v in self.params.items())
        return f"Activation({self.name!r}{extra})"


def _identity(x: Tensor) -> Tensor:
    return x


_FUNCTIONS: dict[str, tuple[Callable[..., Tensor], dict[str, float]]] = {
    "linear": (_identity, {}),
    "sigmoid": (ops.sigmoid, {}),
    "tanh": (ops.tanh, {}),
    "relu": (ops.relu, {}),
    "leaky_relu": (ops.leaky_relu, {"alpha": 0.01}),
    "elu": (ops.elu, {"alpha": 1.0}),
    "softmax": (ops.softmax, {}),
    "log_softmax": (ops.log_softmax, {}),
}


def names() -> list[str]:
    """The activation names ``get`` accepts."""
    return sorted(_FUNCTIONS)


def get(spec: Any = None, **params: float) -> Activation:
    """An activation from a name (``"tanh"``), a config dict, an Activation, or a callable.

    ``None`` means linear (the identity). Parameters such as ``alpha`` for
    ``leaky_relu``/``elu`` may be passed as keywords or in the config dict.
    """
    if spec is None:
        spec = "linear"
    if isinstance(spec, Activation):
        return spec
    if isinstance(spec, dict):
        spec = dict(spec)
        return get(spec.pop("name"), **spec)
    if isinstance(spec, str):
        key = spec.lower()
        if key not in _FUNCTIONS:
            raise ConfigError(f"unknown activation {spec!r}; known activations: {', '.join(names())}")
        fn, defaults = _FUNCTIONS[key]
        unknown = set(params) - set(defaults)
        if unknown:
            raise ConfigError(f"activation {key!r} takes no parameter(s) {sorted(unknown)}")
        return Activation(key, fn, **{**defaults, **params})
    if callable(spec):
        return Activation(getattr(spec, "__name__", "custom"), spec)
    raise ConfigError(f"an activation must be a name or a callable, got {spec!r}")


__all__ = [
    "Activation",
    "get",
    "names",
]
