"""Elementwise functions and activations, each with its derivative.

Where the derivative is cheaper from the output than from the input
(exp, sqrt, tanh, sigmoid, softmax), the backward rule uses the output.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ligero import dtypes
from ligero.blas import scalar
from ligero.ops._common import cast, normalize_axes, operands, unbroadcast
from ligero.ops.scratch import zero_operand
from ligero.tensor import StepRecording, Tensor, as_tensor, attach_logits, make_result


def _unary(a: Tensor, out: np.ndarray, derivative: Any, op: str) -> Tensor:
    """Record ``out = f(a)`` (``a`` a Tensor) whose backward is ``g * derivative()`` (called lazily)."""
    return make_result(out, (a,), lambda g: (g * derivative(),), op)


def exp(a: Any) -> Tensor:
    """``e^a``;  d/da = e^a."""
    a = _floating(a)
    out = np.exp(a.array)
    return _unary(a, out, lambda: out, "exp")


def log(a: Any) -> Tensor:
    """Natural logarithm ``ln a``;  d/da = 1/a."""
    a = _floating(a)
    return _unary(a, np.log(a.array), lambda: 1 / a.array, "log")


def sqrt(a: Any) -> Tensor:
    """``√a``;  d/da = 1/(2√a)."""
    a = _floating(a)
    out = np.sqrt(a.array)
    return _unary(a, out, lambda: 0.5 / out, "sqrt")


def abs(a: Any) -> Tensor:  # noqa: A001
    """``|a|``;  d/da = sign(a) (0 at 0)."""
    a = as_tensor(a)
    return _unary(a, np.abs(a.array), lambda: np.sign(a.array), "abs")


def tanh(a: Any) -> Tensor:
    """``tanh a``;  d/da = 1 - tanh²a."""
    a = a if type(a) is Tensor and a.array.dtype.kind == "f" else _floating(a)
    out = np.tanh(a.array)

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        if not out.ndim:  # NumPy gives a 0-d product as a scalar, which takes no out=
            return (g * (1 - out * out),)
        slope = out * out
        np.subtract(scalar(1.0, slope.dtype), slope, out=slope)  # 1 - tanh²a, in place (a 0-d one: see scalar)
        slope *= g
        return (slope,)

    result = make_result(out, (a,), backward, "tanh")
    if StepRecording.active is not None:
        StepRecording.active.note(result, out, lambda: np.tanh(a.array, out=out), a)
    return result


def sigmoid_array(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``σ(z) = 1/(1+e^-z)`` of an array, computed stably as ``(1 + tanh(z/2))/2`` (a new array, or
    into ``out``)."""
    if out is None:
        out = np.tanh(z * 0.5)
    else:
        np.tanh(np.multiply(z, 0.5, out=out), out=out)
    out += 1
    out *= 0.5
    return out


def sigmoid(a: Any) -> Tensor:
    """``σ(a) = 1/(1+e^-a)``, computed stably as ``(1 + tanh(a/2))/2``;  d/da = σ(1-σ)."""
    a = a if type(a) is Tensor and a.array.dtype.kind == "f" else _floating(a)
    out = sigmoid_array(a.array)

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        return (g * (out * (1 - out)),)

    result = attach_logits(make_result(out, (a,), backward, "sigmoid"), a)
    if StepRecording.active is not None:
        StepRecording.active.note(result, out, lambda: sigmoid_array(a.array, out), a)
    return result


def relu(a: Any) -> Tensor:
    """``max(a, 0)``;  d/da = 1 where a > 0, else 0."""
    a = as_tensor(a)
    out = np.maximum(a.array, zero_operand(a.array))

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        mask = (a.array > 0).astype(g.dtype)  # g · mask in floats: ~20 % faster than g · (a > 0) in bools
        mask *= g
        return (mask,)

    result = make_result(out, (a,), backward, "relu")
    if StepRecording.active is not None:
        StepRecording.active.note(result, out, lambda: np.maximum(a.array, zero_operand(a.array), out=out), a)
    return result


def leaky_relu(a: Any, alpha: float = 0.01) -> Tensor:
    """``a`` where a > 0, else ``alpha·a``;  d/da = 1 or alpha."""
    a = as_tensor(a)
    positive = a.array > 0
    slope = np.where(positive, 1, alpha).astype(a.dtype)
    return make_result(a.array * slope, (a,), lambda g: (g * slope,), "leaky_relu")


def elu(a: Any, alpha: float = 1.0) -> Tensor:
    """``a`` where a > 0, else ``alpha·(e^a - 1)``;  d/da = 1 or ``alpha·e^a``."""
    a = as_tensor(a)
    positive = a.array > 0
    exp_part = np.exp(np.minimum(a.array, 0))
    out = np.where(positive, a.array, alpha * (exp_part - 1)).astype(a.dtype, copy=False)
    slope = np.where(positive, 1, alpha * exp_part).astype(a.dtype, copy=False)

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        return (g * slope,)

    backward.alpha = alpha  # read by create_graph's rule (autograd/higher_order.py)
    return make_result(out, (a,), backward, "elu")


def softmax(a: Any, axis: int = -1) -> Tensor:
    """``s_i = e^(a_i - max a) / Σ_j e^(a_j - max a)`` along ``axis``;

    dL/da = s ⊙ (g - Σ_j g_j s_j).
    """
    a = as_tensor(a)
    if axis != -1 or not a.ndim:
        normalize_axes(axis, a.ndim)  # a ShapeError for an axis out of range
    shifted = a.array - a.array.max(axis=axis, keepdims=True)
    out = np.exp(shifted)
    out /= out.sum(axis=axis, keepdims=True)

    def backward(g: np.ndarray) -> tuple:
        return (out * (g - (g * out).sum(axis=axis, keepdims=True)),)

    last = axis == -1 or axis == a.ndim - 1  # the class axis: the losses may use the logits
    result = make_result(out, (a,), backward, "softmax" if last else f"softmax(axis={axis})")
    if StepRecording.active is not None:
        def recompute() -> None:  # the three steps above, into ``out``
            np.subtract(a.array, a.array.max(axis=axis, keepdims=True), out=out)
            np.exp(out, out=out)
            np.divide(out, out.sum(axis=axis, keepdims=True), out=out)

        StepRecording.active.note(result, out, recompute, a)
    return attach_logits(result, a if last else None)


def log_softmax(a: Any, axis: int = -1) -> Tensor:
    """``a_i - log Σ_j e^(a_j)`` along ``axis`` (shifted by the max, so stable);

    dL/da = g - softmax(a) · Σ_j g_j.
    """
    a = as_tensor(a)
    normalize_axes(axis, a.ndim)  # a ShapeError for an axis out of range
    shifted = a.array - a.array.max(axis=axis, keepdims=True)
    out = shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))

    def backward(g: np.ndarray) -> tuple:
        return (g - np.exp(out) * g.sum(axis=axis, keepdims=True),)

    return make_result(out, (a,), backward, "log_softmax")


def _floating(a: Any) -> Tensor:
    """``a`` as a Tensor; an integer or bool one cast to the default float (torch's rule for exp, sin, ...)."""
    a = a if isinstance(a, Tensor) else as_tensor(a)
    if a.array.dtype.kind != "f":
        a = cast(a, dtypes.DEFAULT_FLOAT.dtype)
    return a


def log1p(a: Any) -> Tensor:
    """``ln(1 + a)``;  d/da = 1/(1 + a)."""
    a = _floating(a)
    return _unary(a, np.log1p(a.array), lambda: 1 / (1 + a.array), "log1p")


def expm1(a: Any) -> Tensor:
    """``e^a - 1``;  d/da = e^a."""
    a = _floating(a)
    out = np.expm1(a.array)
    return _unary(a, out, lambda: out + 1, "expm1")


def rsqrt(a: Any) -> Tensor:
    """``1/√a``;  d/da = -½ a^(-3/2)."""
    a = _floating(a)
    out = 1 / np.sqrt(a.array)
    return _unary(a, out, lambda: -0.5 * out * out * out, "rsqrt")


def sin(a: Any) -> Tensor:
    """``sin a``;  d/da = cos a."""
    a = _floating(a)
    return _unary(a, np.sin(a.array), lambda: np.cos(a.array), "sin")


def cos(a: Any) -> Tensor:
    """``cos a``;  d/da = -sin a."""
    a = _floating(a)
    return _unary(a, np.cos(a.array), lambda: -np.sin(a.array), "cos")


def tan(a: Any) -> Tensor:
    """``tan a``;  d/da = 1 + tan²a."""
    a = _floating(a)
    out = np.tan(a.array)
    return _unary(a, out, lambda: 1 + out * out, "tan")


def arcsin(a: Any) -> Tensor:
    """``asin a``;  d/da = 1/√(1 - a²)."""
    a = _floating(a)
    return _unary(a, np.arcsin(a.array), lambda: 1 / np.sqrt(1 - a.array * a.array), "arcsin")


def arccos(a: Any) -> Tensor:
    """``acos a``;  d/da = -1/√(1 - a²)."""
    a = _floating(a)
    return _unary(a, np.arccos(a.array), lambda: -1 / np.sqrt(1 - a.array * a.array), "arccos")


def arctan(a: Any) -> Tensor:
    """``atan a``;  d/da = 1/(1 + a²)."""
    a = _floating(a)
    return _unary(a, np.arctan(a.array), lambda: 1 / (1 + a.array * a.array), "arctan")


def sinh(a: Any) -> Tensor:
    """``sinh a = (eᵃ - e⁻ᵃ)/2``;  d/da = cosh a."""
    a = _floating(a)
    return _unary(a, np.sinh(a.array), lambda: np.cosh(a.array), "sinh")


def cosh(a: Any) -> Tensor:
    """``cosh a = (eᵃ + e⁻ᵃ)/2``;  d/da = sinh a."""
    a = _floating(a)
    return _unary(a, np.cosh(a.array), lambda: np.sinh(a.array), "cosh")


def arcsinh(a: Any) -> Tensor:
    """``asinh a = ln(a + √(a² + 1))``;  d/da = 1/√(a² + 1)."""
    a = _floating(a)
    return _unary(a, np.arcsinh(a.array), lambda: 1 / np.sqrt(a.array * a.array + 1), "arcsinh")


def arccosh(a: Any) -> Tensor:
    """``acosh a = ln(a + √(a² - 1))`` for a ≥ 1;  d/da = 1/√(a² - 1)."""
    a = _floating(a)
    return _unary(a, np.arccosh(a.array), lambda: 1 / np.sqrt(a.array * a.array - 1), "arccosh")


def arctanh(a: Any) -> Tensor:
    """``atanh a = ½·ln((1 + a)/(1 - a))``;  d/da = 1/(1 - a²)."""
    a = _floating(a)
    return _unary(a, np.arctanh(a.array), lambda: 1 / (1 - a.array * a.array), "arctanh")


def log2(a: Any) -> Tensor:
    """``log₂ a``;  d/da = 1/(a·ln 2)."""
    a = _floating(a)
    return _unary(a, np.log2(a.array), lambda: 1 / (a.array * math.log(2.0)), "log2")


def log10(a: Any) -> Tensor:
    """``log₁₀ a``;  d/da = 1/(a·ln 10)."""
    a = _floating(a)
    return _unary(a, np.log10(a.array), lambda: 1 / (a.array * math.log(10.0)), "log10")


def arctan2(y: Any, x: Any) -> Tensor:
    """The angle of the point ``(x, y)``, ``atan(y/x)`` in its quadrant;
    ∂/∂y = x/(x² + y²), ∂/∂x = -y/(x² + y²)."""
    y, x = operands(y, x)
    if y.array.dtype.kind != "f":
        y, x = cast(y, dtypes.DEFAULT_FLOAT.dtype), cast(x, dtypes.DEFAULT_FLOAT.dtype)
    out = np.arctan2(y.array, x.array)

    def backward(g: np.ndarray) -> tuple:
        r2 = x.array * x.array + y.array * y.array
        r2 = np.where(r2 == 0, 1, r2)
        return (
            unbroadcast(g * x.array / r2, y.array.shape) if y.requires_grad else None,
            unbroadcast(-g * y.array / r2, x.array.shape) if x.requires_grad else None,
        )

    return make_result(out, (y, x), backward, "arctan2")


def reciprocal(a: Any) -> Tensor:
    """``1/a``;  d/da = -1/a²."""
    a = _floating(a)
    out = 1 / a.array
    return _unary(a, out, lambda: -out * out, "reciprocal")


def square(a: Any) -> Tensor:
    """``a²``;  d/da = 2a."""
    a = as_tensor(a)
    return _unary(a, a.array * a.array, lambda: 2 * a.array, "square")


def erf(a: Any) -> Tensor:
    """The error function ``(2/√π) ∫₀^a e^(-t²) dt``;  d/da = (2/√π) e^(-a²)."""
    a = _floating(a)
    out = _ERF(a.array).astype(a.array.dtype) if a.array.size else a.array.copy()
    return _unary(a, out, lambda: (2 / np.sqrt(np.pi)) * np.exp(-a.array * a.array), "erf")


_ERF = np.vectorize(math.erf, otypes=[np.float64])


def _flat(name: str, fn: Any) -> Any:
    """A step function (floor, ceil, round, trunc, sign): derivative 0 everywhere it exists."""

    def op(a: Any) -> Tensor:
        a = as_tensor(a)
        out = fn(a.array)
        return make_result(out, (a,), lambda g: (np.zeros_like(g),), name)

    op.__name__ = name
    op.__doc__ = f"``{name}(a)`` elementwise;  d/da = 0 (a step function)."
    return op


floor = _flat("floor", np.floor)
ceil = _flat("ceil", np.ceil)
trunc = _flat("trunc", np.trunc)
sign = _flat("sign", np.sign)
round = _flat("round", np.round)  # noqa: A001 - torch's name (half to even, as torch)


def frac(a: Any) -> Tensor:
    """``a - trunc(a)``;  d/da = 1."""
    a = as_tensor(a)
    return make_result(a.array - np.trunc(a.array), (a,), lambda g: (g,), "frac")
