"""Merging layers with Keras 3's names: Add, Subtract, Multiply, Average, Maximum, Minimum, Dot,
and the lowercase functions ``add([a, b])``, ``concatenate([a, b])``... (Concatenate itself is in
:mod:`ligero.layers.core`)."""

from __future__ import annotations

from functools import reduce
from typing import Any

from ligero import ops
from ligero.errors import ConfigError, ShapeError
from ligero.layers.base import Layer
from ligero.layers.core import Concatenate
from ligero.tensor import Tensor

__all__ = ["Add", "Average", "Dot", "Maximum", "Minimum", "Multiply", "Subtract", "add", "average",
           "concatenate", "dot", "maximum", "minimum", "multiply", "subtract"]


class _Merge(Layer):
    """Elementwise merge of a list of same-shape inputs (broadcasting as NumPy's)."""

    arity: int | None = None  # exactly this many inputs (None: at least two)

    def build(self, input_shape: Any) -> None:
        kind = type(self).__name__
        if not isinstance(input_shape, list) or len(input_shape) < 2:
            raise ShapeError(f"layer '{self.name}' ({kind}) needs a list of at least two inputs")
        if self.arity is not None and len(input_shape) != self.arity:
            raise ShapeError(f"layer '{self.name}' ({kind}) needs exactly {self.arity} inputs, "
                             f"got {len(input_shape)}")
        if len({tuple(s) for s in input_shape}) != 1:
            shapes = ", ".join(str((None, *s)) for s in input_shape)
            raise ShapeError(f"layer '{self.name}' ({kind}): inputs must have the same shape, got {shapes}")

    def call(self, x: list[Tensor]) -> Tensor:
        return self.merge(list(x))

    def merge(self, xs: list[Tensor]) -> Tensor:
        raise NotImplementedError


class Add(_Merge):
    """``x₁ + x₂ + ...``"""

    def merge(self, xs: list[Tensor]) -> Tensor:
        return reduce(ops.add, xs)


class Subtract(_Merge):
    """``x₁ − x₂`` (exactly two inputs)."""

    arity = 2

    def merge(self, xs: list[Tensor]) -> Tensor:
        return ops.sub(xs[0], xs[1])


class Multiply(_Merge):
    """``x₁ · x₂ · ...`` elementwise."""

    def merge(self, xs: list[Tensor]) -> Tensor:
        return reduce(ops.mul, xs)


class Average(_Merge):
    """``(x₁ + ... + xₖ) / k``."""

    def merge(self, xs: list[Tensor]) -> Tensor:
        return ops.mul(reduce(ops.add, xs), 1.0 / len(xs))


class Maximum(_Merge):
    """Elementwise maximum of the inputs."""

    def merge(self, xs: list[Tensor]) -> Tensor:
        return reduce(ops.maximum, xs)


class Minimum(_Merge):
    """Elementwise minimum of the inputs."""

    def merge(self, xs: list[Tensor]) -> Tensor:
        return reduce(ops.minimum, xs)


class Dot(Layer):
    """Dot product of two (N, d) inputs along ``axes`` (1 or -1): (N, 1); ``normalize`` divides by
    the norms first (cosine similarity)."""

    def __init__(self, axes: Any, normalize: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if axes not in (1, -1, (1, 1), (-1, -1), [1, 1], [-1, -1]):
            raise ConfigError(f"Dot: only axes=1 (or -1) on (N, d) inputs is supported, got {axes!r}")
        self.axes, self.normalize = axes, bool(normalize)

    def build(self, input_shape: Any) -> None:
        if not isinstance(input_shape, list) or len(input_shape) != 2 or input_shape[0] != input_shape[1] \
                or len(input_shape[0]) != 1:
            raise ShapeError(f"layer '{self.name}' (Dot) needs two inputs of the same shape (None, d), got "
                             f"{input_shape!r}")

    def call(self, x: list[Tensor]) -> Tensor:
        a, b = x
        if self.normalize:
            a = ops.div(a, ops.sqrt(ops.maximum(ops.sum(ops.mul(a, a), axis=1, keepdims=True), 1e-12)))
            b = ops.div(b, ops.sqrt(ops.maximum(ops.sum(ops.mul(b, b), axis=1, keepdims=True), 1e-12)))
        return ops.sum(ops.mul(a, b), axis=1, keepdims=True)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}


def add(inputs: list[Any], **kwargs: Any) -> Any:
    """``Add(**kwargs)(inputs)``."""
    return Add(**kwargs)(inputs)


def subtract(inputs: list[Any], **kwargs: Any) -> Any:
    """``Subtract(**kwargs)(inputs)``."""
    return Subtract(**kwargs)(inputs)


def multiply(inputs: list[Any], **kwargs: Any) -> Any:
    """``Multiply(**kwargs)(inputs)``."""
    return Multiply(**kwargs)(inputs)


def average(inputs: list[Any], **kwargs: Any) -> Any:
    """``Average(**kwargs)(inputs)``."""
    return Average(**kwargs)(inputs)


def maximum(inputs: list[Any], **kwargs: Any) -> Any:
    """``Maximum(**kwargs)(inputs)``."""
    return Maximum(**kwargs)(inputs)


def minimum(inputs: list[Any], **kwargs: Any) -> Any:
    """``Minimum(**kwargs)(inputs)``."""
    return Minimum(**kwargs)(inputs)


def concatenate(inputs: list[Any], axis: int = -1, **kwargs: Any) -> Any:
    """``Concatenate(axis, **kwargs)(inputs)``."""
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs: list[Any], axes: Any, normalize: bool = False, **kwargs: Any) -> Any:
    """``Dot(axes, normalize, **kwargs)(inputs)``."""
    return Dot(axes, normalize=normalize, **kwargs)(inputs)
