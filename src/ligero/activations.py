"""Activation functions by name and as functions, as Keras 3's ``keras.activations``.

``activations.relu(x)``, ``activations.get("gelu")(x)``, ``Dense(..., activation="selu")``:
each function takes Keras's arguments and is a thin wrapper over the differentiable
op in :mod:`ligero.ops` (whose docstrings give the formula and the derivative).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from ligero import ops
from ligero.errors import ConfigError, unknown_name
from ligero.ops import activation as _act
from ligero.ops import activation_keras as _keras_ops
from ligero.tensor import Tensor, as_tensor


def relu(x: Any, negative_slope: float = 0.0, max_value: float | None = None, threshold: float = 0.0) -> Tensor:
    """``max(x, 0)``; with options ``max_value`` above ``max_value``, ``negative_slope·(x − threshold)``
    below ``threshold``, ``x`` between (see :func:`ligero.ops.activation_keras.relu_general`)."""
    if negative_slope == 0 and max_value is None and threshold == 0:
        return ops.relu(x)
    return _keras_ops.relu_general(x, negative_slope, max_value, threshold)


def relu6(x: Any) -> Tensor:
    """``min(max(x, 0), 6)``."""
    return _keras_ops.relu_general(x, max_value=6.0)


def leaky_relu(x: Any, negative_slope: float = 0.2) -> Tensor:
    """``x`` for x > 0, else ``negative_slope·x`` (Keras's default slope 0.2)."""
    return ops.leaky_relu(x, alpha=negative_slope)


def elu(x: Any, alpha: float = 1.0) -> Tensor:
    """``x`` for x > 0, else ``α(eˣ − 1)``."""
    return ops.elu(x, alpha=alpha)


def celu(x: Any, alpha: float = 1.0) -> Tensor:
    """``max(0, x) + min(0, α(e^(x/α) − 1))``."""
    return _keras_ops.celu(x, alpha)


def selu(x: Any) -> Tensor:
    """``scale·elu(x, α)`` with α ≈ 1.6733, scale ≈ 1.0507."""
    return _act.selu(x)


def gelu(x: Any, approximate: bool = False) -> Tensor:
    """``x·Φ(x)`` (exact, the default), or its tanh approximation when ``approximate=True``."""
    return _act.gelu(x, "tanh" if approximate else "none")


sigmoid = ops.sigmoid  # ``1/(1 + e^−x)``: the op itself (no wrapper on the path of every batch)
tanh = ops.tanh  # ``tanh x``


def silu(x: Any) -> Tensor:
    """``x·σ(x)`` (also called swish)."""
    return _act.silu(x)


def mish(x: Any) -> Tensor:
    """``x·tanh(softplus(x))``."""
    return _act.mish(x)


def softplus(x: Any) -> Tensor:
    """``log(1 + eˣ)``."""
    return _act.softplus(x)


def softsign(x: Any) -> Tensor:
    """``x/(1 + |x|)``."""
    return _act.softsign(x)


def hard_sigmoid(x: Any) -> Tensor:
    """``relu6(x + 3)/6 = clip(x/6 + 1/2, 0, 1)``."""
    return _act.hardsigmoid(x)


def hard_silu(x: Any) -> Tensor:
    """``x·hard_sigmoid(x)`` (also called hard_swish)."""
    return _act.hardswish(x)


def hard_tanh(x: Any) -> Tensor:
    """``clip(x, −1, 1)``."""
    return _act.hardtanh(x)


def hard_shrink(x: Any, threshold: float = 0.5) -> Tensor:
    """``x`` where ``|x| > threshold``, else 0."""
    return _keras_ops.hard_shrink(x, threshold)


def soft_shrink(x: Any, threshold: float = 0.5) -> Tensor:
    """``x ∓ threshold`` outside ``[−threshold, threshold]``, else 0."""
    return _keras_ops.soft_shrink(x, threshold)


def tanh_shrink(x: Any) -> Tensor:
    """``x − tanh x``."""
    x = as_tensor(x)
    return ops.sub(x, ops.tanh(x))


def threshold(x: Any, threshold: float, default_value: float) -> Tensor:
    """``x`` where ``x > threshold``, else ``default_value``."""
    return _act.threshold(x, threshold, default_value)


def log_sigmoid(x: Any) -> Tensor:
    """``log σ(x) = −softplus(−x)``."""
    return _act.logsigmoid(x)


def sparse_plus(x: Any) -> Tensor:
    """0, ``(x + 1)²/4`` or ``x`` for x ≤ −1, −1 < x < 1, x ≥ 1."""
    return _keras_ops.sparse_plus(x)


def sparse_sigmoid(x: Any) -> Tensor:
    """``clip((x + 1)/2, 0, 1)``."""
    return _keras_ops.sparse_sigmoid(x)


def squareplus(x: Any, b: float = 4) -> Tensor:
    """``(x + √(x² + b))/2``."""
    return _keras_ops.squareplus(x, b)


def softmax(x: Any, axis: int = -1) -> Tensor:
    """``e^(x_i) / Σ_j e^(x_j)`` along ``axis``."""
    return ops.softmax(x, axis=axis)


def log_softmax(x: Any, axis: int = -1) -> Tensor:
    """``x_i − log Σ_j e^(x_j)`` along ``axis``."""
    return ops.log_softmax(x, axis=axis)


def sparsemax(x: Any, axis: int = -1) -> Tensor:
    """The projection of ``x`` onto the probability simplex along ``axis``."""
    return _keras_ops.sparsemax(x, axis)


def glu(x: Any, axis: int = -1) -> Tensor:
    """``a·σ(b)``, ``a`` and ``b`` the two halves of ``x`` along ``axis``."""
    return _keras_ops.glu(x, axis)


def exponential(x: Any) -> Tensor:
    """``eˣ``."""
    return ops.exp(x)


def linear(x: Any) -> Any:
    """The identity ``f(x) = x``."""
    return x


_FUNCTIONS: dict[str, Callable[..., Any]] = {fn.__name__: fn for fn in (
    celu, elu, exponential, gelu, glu, hard_shrink, hard_sigmoid, hard_silu, hard_tanh, leaky_relu, linear,
    log_sigmoid, log_softmax, mish, relu, relu6, selu, sigmoid, silu, soft_shrink, softmax, softplus, softsign,
    sparse_plus, sparse_sigmoid, sparsemax, squareplus, tanh, tanh_shrink, threshold,
)}
_ALIASES = {"swish": "silu", "hard_swish": "hard_silu"}
_LEGACY_PARAMS = {("leaky_relu", "alpha"): "negative_slope"}  # ligero's (and Keras 2's) older name
swish = silu
hard_swish = hard_silu


def _parameters(fn: Callable[..., Any]) -> dict[str, inspect.Parameter]:
    """The keyword parameters of an activation function (all but the input)."""
    return dict(list(inspect.signature(fn).parameters.items())[1:])


class Activation:
    """A named activation ``f(x)`` with optional parameters (e.g. ``negative_slope``)."""

    def __init__(self, name: str, fn: Callable[..., Tensor], **params: Any) -> None:
        self.name, self.fn, self.params = name, fn, params

    @property
    def __name__(self) -> str:  # noqa: PLW3201 - Keras code reads ``layer.activation.__name__``
        return self.name

    @property
    def builtin(self) -> bool:
        """Whether this is one of ligero's activations (not a user's function)."""
        return _FUNCTIONS.get(self.name) is self.fn

    def __call__(self, x: Any) -> Any:
        return self.fn(x, **self.params)

    def get_config(self) -> dict[str, Any]:
        """``{"name": ..., <parameters given>}`` for a built-in activation (what ``get`` rebuilds).

        A custom function is Python code, not data: asking for its config raises
        ConfigError (so a model using one cannot be saved whole, only its weights).
        """
        if not self.builtin:
            raise ConfigError(
                f"cannot save the custom activation {self.name!r}: it is Python code. Use a built-in "
                "activation (keras.activations.names()) or save only the weights with save_weights()"
            )
        return {"name": self.name, **self.params}

    def __repr__(self) -> str:
        extra = "".join(f", {k}={v}" for k, v in self.params.items())
        return f"Activation({self.name!r}{extra})"


def names() -> list[str]:
    """The activation names ``get`` accepts (aliases such as ``swish`` included)."""
    return sorted([*_FUNCTIONS, *_ALIASES])


def _by_name(spec: str, params: dict[str, Any]) -> Activation:
    key = _ALIASES.get(spec.lower(), spec.lower())
    if key not in _FUNCTIONS:
        raise unknown_name("activation", spec, names())
    fn = _FUNCTIONS[key]
    params = {_LEGACY_PARAMS.get((key, k), k): v for k, v in params.items()}
    accepted = _parameters(fn)
    unknown = sorted(set(params) - set(accepted))
    if unknown:
        takes = ", ".join(accepted) or "no parameters"
        raise ConfigError(f"activation {key!r} takes no parameter(s) {unknown} (it takes {takes})")
    missing = [p for p, info in accepted.items() if info.default is inspect.Parameter.empty and p not in params]
    if missing:
        raise ConfigError(f"activation {key!r} needs the parameter(s) {missing}")
    return Activation(key, fn, **params)


def get(spec: Any = None, **params: Any) -> Activation:
    """An activation from a name (``"tanh"``, ``"swish"``), a config dict, an Activation, or a callable.

    ``None`` means linear (the identity). Parameters (``negative_slope`` of ``leaky_relu``,
    ``alpha`` of ``elu``, ``axis`` of ``softmax``...) may be passed as keywords or in the
    config dict ``{"name": ..., <parameters>}``; Keras's ``{"class_name": "function",
    "config": "relu"}`` is read too.
    """
    if spec is None:
        spec = "linear"
    if isinstance(spec, Activation) and not params:
        return spec
    if isinstance(spec, dict):
        spec = dict(spec)
        if "class_name" in spec:
            return get(spec.get("config"), **params)
        if "name" not in spec:
            raise ConfigError(f"an activation config needs a 'name', got {spec!r}")
        return get(spec.pop("name"), **{**spec, **params})
    if isinstance(spec, str):
        return _by_name(spec, params)
    if callable(spec):
        return Activation(getattr(spec, "__name__", "custom"), spec, **params)
    raise ConfigError(f"an activation must be a name or a callable, got {spec!r}")


def serialize(activation: Any) -> Any:
    """As Keras: a built-in activation's name (``"relu"``; ``swish`` gives ``"silu"``); one with
    parameters its ``{"name", ...}`` config. A custom function cannot be saved (ConfigError)."""
    config = get(activation).get_config()
    return config["name"] if len(config) == 1 else config


def deserialize(config: Any, custom_objects: dict[str, Any] | None = None) -> Activation:
    """The activation :func:`serialize` described (a name or a config), or one of ``custom_objects``."""
    name = config.get("config", config.get("name")) if isinstance(config, dict) else config
    if isinstance(name, str) and custom_objects and name in custom_objects:
        return get(custom_objects[name])
    return get(config)


__all__ = [
    "Activation", "celu", "deserialize", "elu", "exponential", "gelu", "get", "glu", "hard_shrink",
    "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax",
    "mish", "names", "relu", "relu6", "selu", "serialize", "sigmoid", "silu", "soft_shrink", "softmax",
    "softplus", "softsign", "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh",
    "tanh_shrink", "threshold",
]
