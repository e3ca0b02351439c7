"""Weight initializers, one class each, as Keras 3's ``keras.initializers``.

An initializer is called two ways: Keras's ``init(shape, dtype=None)`` (returns a
Tensor) and ligero's layers' ``init(shape, rng, dtype)`` (returns an ndarray drawn
from the layer's generator ``rng``). An initializer made with its own ``seed``
ignores ``rng`` and gives the same values on every call, as Keras; without one,
and without ``rng``, it draws from ligero's global generator (``ligero.set_seed``).

fan_in and fan_out are the input and output sizes of a Dense kernel (in, out),
or ``channels × kernel area`` for a convolution kernel in Keras's layout (kh, kw, in, out).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ligero import dtypes
from ligero.errors import ConfigError, unknown_name
from ligero.random import get_rng

_TRUNCATED_STD = 0.87962566103423978
"""The standard deviation of a standard normal truncated to [-2, 2] (Keras's correction)."""


def fans(shape: tuple[int, ...], input_axes: Any = None, output_axes: Any = None) -> tuple[int, int]:
    """(fan_in, fan_out) of a kernel, as Keras: Dense (in, out) or Conv (*kernel, in, out); with
    ``input_axes`` and ``output_axes`` given, the products of the sizes along those axes."""
    if input_axes is not None and output_axes is not None:
        return int(np.prod([shape[a] for a in input_axes])), int(np.prod([shape[a] for a in output_axes]))
    if len(shape) == 2:
        return shape[0], shape[1]
    if len(shape) > 2:
        field = int(np.prod(shape[:-2]))
        return shape[-2] * field, shape[-1] * field
    n = shape[0] if shape else 1
    return n, n


def truncated_standard_normal(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    """``N(0, 1)`` draws redrawn until each lies within two standard deviations, ``|z| ≤ 2``."""
    z = rng.standard_normal(shape)
    bad = np.abs(z) > 2.0
    while bad.any():
        z[bad] = rng.standard_normal(int(bad.sum()))
        bad = np.abs(z) > 2.0
    return z


class Initializer:
    """The base class: subclasses define ``draw(shape, rng) -> ndarray`` and ``get_config()``."""

    seed: int | None = None

    def __call__(self, shape: Any, rng: Any = None, dtype: Any = None) -> Any:
        keras_call = not isinstance(rng, np.random.Generator)
        if keras_call and rng is not None and dtype is None:
            rng, dtype = None, rng  # Keras's init(shape, dtype)
        shape = (int(shape),) if np.isscalar(shape) else tuple(int(s) for s in shape)
        if self.seed is not None:
            rng = np.random.default_rng(self.seed)
        elif not isinstance(rng, np.random.Generator):
            rng = get_rng(None)
        values = np.asarray(self.draw(shape, rng), dtype=dtypes.to_numpy(dtype) or np.float32)
        if keras_call:
            from ligero.tensor import Tensor

            return Tensor(values)
        return values

    def draw(self, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} must define draw(shape, rng)")

    def get_config(self) -> dict[str, Any]:
        return {}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Initializer:
        return cls(**config)

    def __eq__(self, other: object) -> bool:
        """Same Keras class and same config (a name compares as the default-configured class)."""
        if isinstance(other, str):
            try:
                other = get(other)
            except ConfigError:
                return False
        if not isinstance(other, Initializer):
            return NotImplemented
        return keras_name(self) == keras_name(other) and self.get_config() == other.get_config()

    def __hash__(self) -> int:
        return hash((keras_name(self), repr(sorted(self.get_config().items()))))

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class Constant(Initializer):
    """Every entry ``value`` (a scalar or an array that broadcasts to the shape)."""

    def __init__(self, value: Any = 0.0) -> None:
        self.value = value

    def draw(self, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        try:
            return np.broadcast_to(np.asarray(self.value, dtype=np.float64), shape).copy()
        except ValueError:
            raise ConfigError(f"Constant initializer: value of shape {np.shape(self.value)} does not broadcast "
                              f"to the weight shape {shape}") from None

    def get_config(self) -> dict[str, Any]:
        value = self.value.tolist() if isinstance(self.value, np.ndarray) else self.value
        return {"value": value}


class Zeros(Constant):
    """All zeros (the default for biases)."""

    def __init__(self) -> None:
        super().__init__(0.0)

    def get_config(self) -> dict[str, Any]:
        return {}


class Ones(Constant):
    """All ones (batch-norm scale)."""

    def __init__(self) -> None:
        super().__init__(1.0)

    def get_config(self) -> dict[str, Any]:
        return {}


class RandomNormal(Initializer):
    """``N(mean, stddev²)``."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: int | None = None) -> None:
        self.mean, self.stddev, self.seed = float(mean), float(stddev), seed

    def draw(self, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        return self.mean + self.stddev * rng.standard_normal(shape)

    def get_config(self) -> dict[str, Any]:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


class TruncatedNormal(RandomNormal):
    """``mean + stddev · z`` with ``z ~ N(0, 1)`` redrawn outside ``[-2, 2]``."""

    def draw(self, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        return self.mean + self.stddev * truncated_standard_normal(shape, rng)


class RandomUniform(Initializer):
    """``U(minval, maxval)``."""

    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed: int | None = None) -> None:
        self.minval, self.maxval, self.seed = float(minval), float(maxval), seed

    def draw(self, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        return rng.uniform(self.minval, self.maxval, shape)

    def get_config(self) -> dict[str, Any]:
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


class Normal(RandomNormal):
    """ligero's older ``Normal(std, mean)``: :class:`RandomNormal` with the standard deviation first
    (``stddev=`` also accepted, so Keras's config reads back)."""

    def __init__(self, std: float = 0.05, mean: float = 0.0, seed: int | None = None, *,
                 stddev: float | None = None) -> None:
        super().__init__(mean=mean, stddev=std if stddev is None else stddev, seed=seed)


class Uniform(RandomUniform):
    """ligero's older ``Uniform(low, high)``: :class:`RandomUniform` (``minval=``/``maxval=`` also accepted)."""

    def __init__(self, low: float = -0.05, high: float = 0.05, seed: int | None = None, *,
                 minval: float | None = None, maxval: float | None = None) -> None:
        super().__init__(minval=low if minval is None else minval, maxval=high if maxval is None else maxval,
                         seed=seed)


_MODES = ("fan_in", "fan_out", "fan_avg")
_DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")


class VarianceScaling(Initializer):
    """Keras's VarianceScaling: with ``n`` = fan_in, fan_out or their mean (``mode``),
    ``uniform`` draws ``U(-l, l)``, ``l = √(3·scale/n)``; ``untruncated_normal`` draws
    ``N(0, σ²)``, ``σ = √(scale/n)``; ``truncated_normal`` draws ``σ/0.8796 · z`` with ``z``
    a standard normal truncated to ``[-2, 2]`` (so the result still has standard deviation σ)."""

    def __init__(self, scale: float = 1.0, mode: str = "fan_in", distribution: str = "truncated_normal",
                 seed: int | None = None, input_axes: Any = None, output_axes: Any = None) -> None:
        if not float(scale) > 0:
            raise ConfigError(f"VarianceScaling: scale must be positive, got {scale!r}")
        if mode not in _MODES:
            raise unknown_name("VarianceScaling mode", mode, _MODES)
        distribution = "truncated_normal" if distribution == "normal" else distribution
        if distribution not in _DISTRIBUTIONS:
            raise unknown_name("VarianceScaling distribution", distribution, _DISTRIBUTIONS)
        self.scale, self.mode, self.distribution, self.seed = float(scale), mode, distribution, seed
        self.input_axes, self.output_axes = input_axes, output_axes

    def draw(self, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        fan_in, fan_out = fans(shape, self.input_axes, self.output_axes)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        variance = self.scale / max(1.0, n)
        if self.distribution == "uniform":
            limit = np.sqrt(3.0 * variance)
            return rng.uniform(-limit, limit, shape)
        if self.distribution == "untruncated_normal":
            return np.sqrt(variance) * rng.standard_normal(shape)
        return np.sqrt(variance) / _TRUNCATED_STD * truncated_standard_normal(shape, rng)

    def get_config(self) -> dict[str, Any]:
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution, "seed": self.seed,
                "input_axes": self.input_axes, "output_axes": self.output_axes}


def _preset(name: str, scale: float, mode: str, distribution: str, doc: str) -> type[VarianceScaling]:
    """A VarianceScaling subclass with fixed settings whose only argument is ``seed`` (as Keras)."""

    def __init__(self: VarianceScaling, seed: int | None = None, input_axes: Any = None,
                 output_axes: Any = None) -> None:
        VarianceScaling.__init__(self, scale, mode, distribution, seed, input_axes, output_axes)

    def get_config(self: VarianceScaling) -> dict[str, Any]:
        return {"seed": self.seed, "input_axes": self.input_axes, "output_axes": self.output_axes}

    return type(name, (VarianceScaling,), {"__init__": __init__, "get_config": get_config, "__doc__": doc,
                                          "__module__": __name__})


GlorotUniform = _preset("GlorotUniform", 1.0, "fan_avg", "uniform",
                        "Glorot/Xavier uniform: ``U(-l, l)``, ``l = √(6 / (fan_in + fan_out))``.")
GlorotNormal = _preset("GlorotNormal", 1.0, "fan_avg", "truncated_normal",
                       "Glorot/Xavier normal: truncated normal with ``σ = √(2 / (fan_in + fan_out))``.")
HeUniform = _preset("HeUniform", 2.0, "fan_in", "uniform", "He/Kaiming uniform: ``U(-l, l)``, ``l = √(6 / fan_in)``.")
HeNormal = _preset("HeNormal", 2.0, "fan_in", "truncated_normal",
                   "He/Kaiming normal: truncated normal with ``σ = √(2 / fan_in)`` (for ReLU layers).")
LecunUniform = _preset("LecunUniform", 1.0, "fan_in", "uniform", "LeCun uniform: ``U(-l, l)``, ``l = √(3 / fan_in)``.")
LecunNormal = _preset("LecunNormal", 1.0, "fan_in", "truncated_normal",
                      "LeCun normal: truncated normal with ``σ = √(1 / fan_in)`` (for SELU layers).")


class Orthogonal(Initializer):
    """Keras's orthogonal initializer: ``gain · Q`` with ``Q`` from the QR decomposition of a
    standard-normal (max(r, c), min(r, c)) matrix, columns signed by ``diag(R)``, transposed when
    the kernel (r = Π shape[:-1], c = shape[-1]) has fewer rows than columns."""

    def __init__(self, gain: float = 1.0, seed: int | None = None) -> None:
        self.gain, self.seed = float(gain), seed

    def draw(self, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        if len(shape) < 2:
            raise ConfigError(f"Orthogonal initializer needs a weight of at least 2 dimensions, got shape {shape}")
        rows, cols = int(np.prod(shape[:-1])), int(shape[-1])
        q, r = np.linalg.qr(rng.standard_normal((max(rows, cols), min(rows, cols))))
        q = q * np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        return np.ascontiguousarray((self.gain * q).reshape(shape))  # C order: updated in place

    def get_config(self) -> dict[str, Any]:
        return {"gain": self.gain, "seed": self.seed}


class Identity(Initializer):
    """``gain · I`` for a 2-D weight (ones on the main diagonal of a rectangular one)."""

    def __init__(self, gain: float = 1.0) -> None:
        self.gain = float(gain)

    def draw(self, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        if len(shape) != 2:
            raise ConfigError(f"Identity initializer needs a 2-D weight, got shape {shape}")
        return self.gain * np.eye(*shape)

    def get_config(self) -> dict[str, Any]:
        return {} if self.gain == 1.0 else {"gain": self.gain}  # Keras writes {} (gain 1)


IdentityInitializer = Identity

# Keras's lower-case names are the classes themselves: keras.initializers.he_normal(seed=1).
constant, zeros, ones = Constant, Zeros, Ones
random_normal, random_uniform, truncated_normal = RandomNormal, RandomUniform, TruncatedNormal
variance_scaling, orthogonal, identity = VarianceScaling, Orthogonal, Identity
glorot_normal, glorot_uniform, he_normal, he_uniform = GlorotNormal, GlorotUniform, HeNormal, HeUniform
lecun_normal, lecun_uniform = LecunNormal, LecunUniform

_CLASSES: tuple[type[Initializer], ...] = (
    Constant, Zeros, Ones, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling, GlorotNormal,
    GlorotUniform, HeNormal, HeUniform, LecunNormal, LecunUniform, Orthogonal, Identity)

_BY_NAME: dict[str, type[Initializer]] = {
    "constant": Constant, "zeros": Zeros, "zero": Zeros, "ones": Ones, "one": Ones,
    "random_normal": RandomNormal, "normal": Normal, "random_uniform": RandomUniform, "uniform": Uniform,
    "truncated_normal": TruncatedNormal, "variance_scaling": VarianceScaling,
    "glorot_normal": GlorotNormal, "xavier_normal": GlorotNormal, "glorot_uniform": GlorotUniform,
    "xavier_uniform": GlorotUniform, "he_normal": HeNormal, "kaiming_normal": HeNormal, "he_uniform": HeUniform,
    "kaiming_uniform": HeUniform, "lecun_normal": LecunNormal, "lecun_uniform": LecunUniform,
    "orthogonal": Orthogonal, "identity": Identity, "identity_initializer": Identity,
    **{cls.__name__.lower(): cls for cls in _CLASSES}, "identityinitializer": Identity,
}
"""Every name ``get`` knows: Keras's snake-case names, its class names (any case), and ligero's aliases."""


def keras_name(init: Initializer) -> str:
    """The Keras class name of a built-in initializer (``Normal`` -> ``RandomNormal``)."""
    for cls in type(init).__mro__:
        if cls in _CLASSES:
            return cls.__name__
    return type(init).__name__


def snake_name(init: Initializer) -> str:
    """Keras's snake-case name of a built-in initializer (``HeNormal`` -> ``he_normal``)."""
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", keras_name(init)).lower()


def _from_name(name: str, config: dict[str, Any]) -> Initializer:
    cls = _BY_NAME.get(name.lower()) or _BY_NAME.get(name.lower().replace("_", ""))
    if cls is None:
        raise unknown_name("initializer", name, [snake_name(c()) for c in _CLASSES])
    try:
        return cls(**config)
    except TypeError as exc:
        raise ConfigError(f"initializer {name!r}: bad config {config!r} ({exc})") from None


def get(spec: Any) -> Any:
    """An initializer from a name (``"glorot_normal"``, ``"HeNormal"``), ligero's config dict
    (``{"name": ..., **config}``), Keras's (``{"class_name": ..., "config": ...}``), a class, or a callable."""
    if isinstance(spec, type) and issubclass(spec, Initializer):
        return spec()
    if callable(spec) and not isinstance(spec, type):
        return spec
    if isinstance(spec, dict):
        spec = dict(spec)
        if "class_name" in spec:
            return _from_name(str(spec["class_name"]), dict(spec.get("config") or {}))
        if "name" not in spec:
            raise ConfigError(f"an initializer config needs 'name' or 'class_name', got {spec!r}")
        return _from_name(str(spec.pop("name")), spec)
    if isinstance(spec, str):
        return _from_name(spec, {})
    raise ConfigError(f"an initializer must be a name, a config dict or a callable, got {spec!r}")


def serialize(init: Any) -> Any:
    """ligero's JSON-able description: the snake-case name when every setting is the default,
    else ``{"name": ..., **get_config()}``."""
    if not hasattr(init, "get_config"):
        raise ConfigError(f"cannot save custom initializer {init!r}; give it get_config()")
    config = init.get_config()
    if not isinstance(init, Initializer):
        return config
    name = snake_name(init)
    if config == _BY_NAME[name]().get_config():
        return name
    return {"name": name, **config}


def keras_config(init: Any) -> dict[str, Any]:
    """Keras's ``keras.initializers.serialize`` form: module, class_name, config, registered_name."""
    init = get(init)
    if type(init) in (*_CLASSES, Normal, Uniform):
        return {"module": "keras.initializers", "class_name": keras_name(init), "config": init.get_config(),
                "registered_name": None}
    if not hasattr(init, "get_config"):
        raise ConfigError(f"cannot save the custom initializer {init!r} in a .keras file: make it a class "
                          "with get_config() registered with keras.saving.register_keras_serializable")
    from ligero.keras import _registry  # the registry lives with the Keras face

    return {"module": type(init).__module__, "class_name": type(init).__name__, "config": init.get_config(),
            "registered_name": _registry.get_registered_name(init)}


__all__ = [
    "Constant", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "Identity", "IdentityInitializer",
    "Initializer", "LecunNormal", "LecunUniform", "Normal", "Ones", "Orthogonal", "RandomNormal", "RandomUniform",
    "TruncatedNormal", "Uniform", "VarianceScaling", "Zeros", "constant", "fans", "get", "glorot_normal",
    "glorot_uniform", "he_normal", "he_uniform", "identity", "keras_config", "lecun_normal", "lecun_uniform",
    "ones", "orthogonal", "random_normal", "random_uniform", "serialize", "truncated_normal", "variance_scaling",
    "zeros",
]
