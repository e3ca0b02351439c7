"""Weight initializers: ``init(shape, rng, dtype) -> ndarray``.

fan_in and fan_out are the input and output sizes of a Dense kernel (in, out),
or ``channels × kernel area`` for a convolution kernel in Keras's layout (kh, kw, in, out).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ligero.errors import ConfigError, unknown_name

Initializer = Callable[[tuple[int, ...], np.random.Generator, Any], np.ndarray]


def fans(shape: tuple[int, ...]) -> tuple[int, int]:
    """(fan_in, fan_out) of a kernel, as Keras: Dense (in, out) or Conv (*kernel, in, out)."""
    if len(shape) == 2:
        return shape[0], shape[1]
    if len(shape) > 2:
        field = int(np.prod(shape[:-2]))
        return shape[-2] * field, shape[-1] * field
    n = shape[0] if shape else 1
    return n, n


def zeros(shape: tuple[int, ...], rng: np.random.Generator, dtype: Any = np.float32) -> np.ndarray:
    """All zeros (the default for biases)."""
    return np.zeros(shape, dtype=dtype)


def ones(shape: tuple[int, ...], rng: np.random.Generator, dtype: Any = np.float32) -> np.ndarray:
    """All ones (batch-norm scale)."""
    return np.ones(shape, dtype=dtype)


def glorot_normal(shape: tuple[int, ...], rng: np.random.Generator, dtype: Any = np.float32) -> np.ndarray:
    """Glorot/Xavier normal: ``N(0, σ²)`` with ``σ = √(2 / (fan_in + fan_out))``."""
    fan_in, fan_out = fans(shape)
    return (rng.standard_normal(shape) * np.sqrt(2.0 / (fan_in + fan_out))).astype(dtype)


def glorot_uniform(shape: tuple[int, ...], rng: np.random.Generator, dtype: Any = np.float32) -> np.ndarray:
    """Glorot/Xavier uniform: ``U(-l, l)`` with ``l = √(6 / (fan_in + fan_out))``."""
    fan_in, fan_out = fans(shape)
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, shape).astype(dtype)


def he_normal(shape: tuple[int, ...], rng: np.random.Generator, dtype: Any = np.float32) -> np.ndarray:
    """He/Kaiming normal: ``N(0, σ²)`` with ``σ = √(2 / fan_in)`` (for ReLU layers)."""
    fan_in, _ = fans(shape)
    return (rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)).astype(dtype)


def he_uniform(shape: tuple[int, ...], rng: np.random.Generator, dtype: Any = np.float32) -> np.ndarray:
    """He/Kaiming uniform: ``U(-l, l)`` with ``l = √(6 / fan_in)``."""
    fan_in, _ = fans(shape)
    limit = np.sqrt(6.0 / fan_in)
    return rng.uniform(-limit, limit, shape).astype(dtype)


class Normal:
    """``N(mean, std²)`` with a fixed standard deviation (the course's small random weights)."""

    def __init__(self, std: float = 0.05, mean: float = 0.0) -> None:
        self.std, self.mean = float(std), float(mean)

    def __call__(self, shape: tuple[int, ...], rng: np.random.Generator, dtype: Any = np.float32) -> Any:
        return (self.mean + self.std * rng.standard_normal(shape)).astype(dtype)

    def get_config(self) -> dict[str, Any]:
        return {"name": "normal", "std": self.std, "mean": self.mean}


class Uniform:
    """``U(low, high)``."""

    def __init__(self, low: float = -0.05, high: float = 0.05) -> None:
        self.low, self.high = float(low), float(high)

    def __call__(self, shape: tuple[int, ...], rng: np.random.Generator, dtype: Any = np.float32) -> Any:
        return rng.uniform(self.low, self.high, shape).astype(dtype)

    def get_config(self) -> dict[str, Any]:
        return {"name": "uniform", "low": self.low, "high": self.high}


class Orthogonal:
    """Keras's orthogonal initializer: ``gain · Q`` with ``Q`` from the QR decomposition of a
    standard-normal (max(r, c), min(r, c)) matrix, columns signed by ``diag(R)``, transposed when
    the kernel (r = Π shape[:-1], c = shape[-1]) has fewer rows than columns."""

    def __init__(self, gain: float = 1.0, seed: int | None = None) -> None:
        self.gain, self.seed = float(gain), seed

    def __call__(self, shape: tuple[int, ...], rng: np.random.Generator, dtype: Any = np.float32) -> np.ndarray:
        rows, cols = int(np.prod(shape[:-1])), int(shape[-1])
        q, r = np.linalg.qr(rng.standard_normal((max(rows, cols), min(rows, cols))))
        q = q * np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        return np.ascontiguousarray((self.gain * q).reshape(shape), dtype=dtype)  # C order: updated in place

    def get_config(self) -> dict[str, Any]:
        return {"name": "orthogonal", "gain": self.gain, "seed": self.seed}


_BY_NAME: dict[str, Any] = {
    "zeros": zeros,
    "ones": ones,
    "glorot_normal": glorot_normal,
    "xavier_normal": glorot_normal,
    "glorot_uniform": glorot_uniform,
    "xavier_uniform": glorot_uniform,
    "he_normal": he_normal,
    "kaiming_normal": he_normal,
    "he_uniform": he_uniform,
    "kaiming_uniform": he_uniform,
    "normal": Normal,
    "random_normal": Normal,
    "uniform": Uniform,
    "random_uniform": Uniform,
    "orthogonal": Orthogonal,
}


def get(spec: Any) -> Initializer:
    """An initializer from a name (``"glorot_normal"``), a config dict, or a callable."""
    if callable(spec) and not isinstance(spec, type):
        return spec
    if isinstance(spec, dict):
        spec = dict(spec)
        name = spec.pop("name")
        factory = _BY_NAME.get(name)
        if isinstance(factory, type):
            return factory(**spec)
        spec = name
    if isinstance(spec, str):
        found = _BY_NAME.get(spec.lower())
        if found is None:
            raise unknown_name("initializer", spec, _BY_NAME)
        return found() if isinstance(found, type) else found
    raise ConfigError(f"an initializer must be a name or a callable, got {spec!r}")


def serialize(init: Any) -> Any:
    """A JSON-able description of an initializer (its name or its config)."""
    if hasattr(init, "get_config"):
        return init.get_config()
    for name, fn in _BY_NAME.items():
        if fn is init:
            return name
    raise ConfigError(f"cannot save custom initializer {init!r}; give it get_config()")


__all__ = [
    "Normal",
    "Orthogonal",
    "Uniform",
    "fans",
    "get",
    "glorot_normal",
    "glorot_uniform",
    "he_normal",
    "he_uniform",
    "ones",
    "serialize",
    "zeros",
]
