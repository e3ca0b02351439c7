"""``keras.ops`` elementwise maths and comparisons, each one of ligero's ops (``ligero.ops``) under Keras's
name and argument names; integer inputs to a floating function give float32, as Keras."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ligero import ops as _ops
from ligero.keras.ops.core import convert_to_tensor, floating, wrap
from ligero.keras.ops.shapes import nonzero
from ligero.ops import compare as _compare
from ligero.tensor import Tensor


def _on_tensors(fn: Any, name: str) -> Any:
    """``fn`` with array and list arguments made Tensors first (so integer arrays stay integer)."""

    def op(*args: Any) -> Any:
        return fn(*(convert_to_tensor(a) if isinstance(a, (np.ndarray, list, tuple)) else a for a in args))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = fn.__doc__
    return op


abs = _on_tensors(_ops.abs, "abs")  # noqa: A001 - Keras's name
absolute = _on_tensors(_ops.abs, "absolute")
add = _on_tensors(_ops.add, "add")
subtract = _on_tensors(_ops.sub, "subtract")
multiply = _on_tensors(_ops.mul, "multiply")
divide = _on_tensors(_ops.div, "divide")
maximum = _on_tensors(_ops.maximum, "maximum")
minimum = _on_tensors(_ops.minimum, "minimum")
power = _on_tensors(_ops.pow, "power")
exp = _on_tensors(_ops.exp, "exp")
log = _on_tensors(_ops.log, "log")
sqrt = _on_tensors(_ops.sqrt, "sqrt")
tanh = _on_tensors(_ops.tanh, "tanh")
sigmoid = _on_tensors(_ops.sigmoid, "sigmoid")
relu = _on_tensors(_ops.relu, "relu")
sin = _on_tensors(_ops.sin, "sin")
cos = _on_tensors(_ops.cos, "cos")
tan = _on_tensors(_ops.tan, "tan")
erf = _on_tensors(_ops.erf, "erf")
log1p = _on_tensors(_ops.log1p, "log1p")
expm1 = _on_tensors(_ops.expm1, "expm1")
sign = _on_tensors(_ops.sign, "sign")
mod = _on_tensors(_ops.remainder, "mod")
floor_divide = _on_tensors(_ops.floor_divide, "floor_divide")
isnan = _on_tensors(_compare.isnan, "isnan")
isinf = _on_tensors(_compare.isinf, "isinf")
isfinite = _on_tensors(_compare.isfinite, "isfinite")
logical_not = _on_tensors(_compare.logical_not, "logical_not")
rsqrt = _on_tensors(_ops.rsqrt, "rsqrt")
trunc = _on_tensors(_ops.trunc, "trunc")
fabs = _on_tensors(_ops.abs, "fabs")


def clip(x: Any, x_min: Any, x_max: Any) -> Tensor:
    """``min(max(x, x_min), x_max)``."""
    return _ops.clip(convert_to_tensor(x), x_min, x_max)


def where(condition: Any, x1: Any = None, x2: Any = None) -> Any:
    """``x1`` where ``condition`` holds, else ``x2``; with the condition alone, its nonzero indices."""
    if x1 is None and x2 is None:
        return nonzero(condition)
    if x1 is None or x2 is None:
        raise ValueError("where: give both x1 and x2, or neither")
    return _ops.where(convert_to_tensor(condition), x1, x2)


def square(x: Any) -> Tensor:
    """``x²``."""
    x = convert_to_tensor(x)
    return x * x


def negative(x: Any) -> Tensor:
    return -convert_to_tensor(x)


def floor(x: Any) -> Tensor:
    return _ops.floor(floating(x))


def ceil(x: Any) -> Tensor:
    return _ops.ceil(floating(x))


def round(x: Any, decimals: int = 0) -> Tensor:  # noqa: A001
    """``x`` rounded to ``decimals`` places, halves to even (zero gradient almost everywhere)."""
    return convert_to_tensor(x).round(decimals)


def true_divide(x1: Any, x2: Any) -> Tensor:
    """``x1 / x2`` in floating point (integers give float32)."""
    return _ops.div(floating(x1), x2)


def reciprocal(x: Any) -> Tensor:
    return _ops.reciprocal(floating(x))


def arctan(x: Any) -> Tensor:
    return _ops.arctan(floating(x))


def sinh(x: Any) -> Tensor:
    return _ops.sinh(floating(x))


def cosh(x: Any) -> Tensor:
    return _ops.cosh(floating(x))


def log2(x: Any) -> Tensor:
    return _ops.log2(floating(x))


def log10(x: Any) -> Tensor:
    return _ops.log10(floating(x))


def exp2(x: Any) -> Tensor:
    return _ops.exp2(floating(x))


def logaddexp(x1: Any, x2: Any) -> Tensor:
    """``log(e^x1 + e^x2) = m + log(e^(x1-m) + e^(x2-m))`` with ``m = max(x1, x2)`` held constant."""
    a, b = floating(x1), floating(x2)
    m = _ops.maximum(a, b).detach()
    m = _ops.where(_compare.isfinite(m), m, 0.0)
    return m + _ops.log(_ops.exp(a - m) + _ops.exp(b - m))


def arcsin(x: Any) -> Tensor:
    return _ops.arcsin(floating(x))


def arccos(x: Any) -> Tensor:
    return _ops.arccos(floating(x))


def arctan2(x1: Any, x2: Any) -> Tensor:
    return _ops.arctan2(floating(x1), floating(x2))


def arcsinh(x: Any) -> Tensor:
    return _ops.arcsinh(floating(x))


def arccosh(x: Any) -> Tensor:
    return _ops.arccosh(floating(x))


def arctanh(x: Any) -> Tensor:
    return _ops.arctanh(floating(x))


def erfc(x: Any) -> Tensor:
    return _ops.erfc(floating(x))


def cbrt(x: Any) -> Tensor:
    """The real cube root ``sign(x)·|x|^(1/3)``."""
    x = floating(x)
    return _ops.sign(x) * _ops.abs(x) ** (1.0 / 3.0)


def deg2rad(x: Any) -> Tensor:
    return floating(x) * (math.pi / 180.0)


def rad2deg(x: Any) -> Tensor:
    return floating(x) * (180.0 / math.pi)


def hypot(x1: Any, x2: Any) -> Tensor:
    """``√(x1² + x2²)``."""
    a, b = floating(x1), floating(x2)
    return _ops.sqrt(a * a + b * b)


def logaddexp2(x1: Any, x2: Any) -> Tensor:
    """``log₂(2^x1 + 2^x2) = logaddexp(x1·ln2, x2·ln2) / ln2``."""
    ln2 = math.log(2.0)
    return logaddexp(floating(x1) * ln2, floating(x2) * ln2) * (1.0 / ln2)


def divide_no_nan(x1: Any, x2: Any) -> Tensor:
    """``x1 / x2``, and 0 where ``x2 == 0``."""
    a, b = floating(x1), floating(x2)
    zero = b.eq(0)
    return _ops.where(zero, 0.0, a / _ops.where(zero, 1.0, b))


def fmod(x1: Any, x2: Any) -> Tensor:
    """``x1 - trunc(x1 / x2)·x2``: the remainder with the sign of ``x1``."""
    a, b = convert_to_tensor(x1), convert_to_tensor(x2)
    if a.array.dtype.kind in "iu" and b.array.dtype.kind in "iu":
        return wrap(np.fmod(a.array, b.array))
    return a - _ops.trunc(a / b).detach() * b


def heaviside(x1: Any, x2: Any) -> Tensor:
    """0 where ``x1 < 0``, ``x2`` where ``x1 == 0``, 1 where ``x1 > 0`` (no gradient through ``x1``)."""
    a = floating(x1)
    return _ops.where(a.lt(0), 0.0, _ops.where(a.gt(0), 1.0, floating(x2)))


def sinc(x: Any) -> Tensor:
    """``sin(πx) / (πx)``, 1 at 0."""
    x = floating(x)
    zero = x.eq(0)
    px = _ops.where(zero, 1.0, x) * math.pi
    return _ops.where(zero, 1.0, _ops.sin(px) / px)


def signbit(x: Any) -> Tensor:
    """True where the sign bit is set (negative values and -0.0)."""
    return wrap(np.signbit(convert_to_tensor(x).array))


def isclose(x1: Any, x2: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> Tensor:
    """``|x1 - x2| ≤ atol + rtol·|x2|`` elementwise."""
    return _compare.isclose(convert_to_tensor(x1), convert_to_tensor(x2), rtol, atol, equal_nan)


def allclose(x1: Any, x2: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> Tensor:
    """Whether :func:`isclose` holds everywhere (a bool scalar)."""
    return wrap(np.asarray(bool(isclose(x1, x2, rtol, atol, equal_nan).array.all())))


def nan_to_num(x: Any, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None) -> Tensor:
    """``x`` with NaN replaced by ``nan`` and ±inf by ``posinf``/``neginf`` (the dtype's extremes by default);
    the gradient flows where ``x`` is finite."""
    x = convert_to_tensor(x)
    if x.array.dtype.kind != "f":
        return x
    big = np.finfo(x.array.dtype)
    x = _ops.where(_compare.isnan(x), float(nan), x)
    x = _ops.where(x.eq(np.inf), float(big.max if posinf is None else posinf), x)
    return _ops.where(x.eq(-np.inf), float(big.min if neginf is None else neginf), x)


def _comparison(method: str) -> Any:
    def compare(x1: Any, x2: Any) -> Tensor:
        return getattr(convert_to_tensor(x1), method)(x2)

    return compare


equal, not_equal = _comparison("eq"), _comparison("ne")
greater, greater_equal, less, less_equal = _comparison("gt"), _comparison("ge"), _comparison("lt"), _comparison("le")
logical_and, logical_or = _comparison("logical_and"), _comparison("logical_or")
logical_xor = _comparison("logical_xor")
for _name, _fn in (("equal", equal), ("not_equal", not_equal), ("greater", greater), ("greater_equal", greater_equal),
                   ("less", less), ("less_equal", less_equal), ("logical_and", logical_and),
                   ("logical_or", logical_or), ("logical_xor", logical_xor)):
    _fn.__name__ = _fn.__qualname__ = _name
    _fn.__doc__ = f"``{_name}(x1, x2)`` elementwise, broadcasting: a bool tensor."

__all__ = [
    "allclose", "arccos", "arccosh", "arcsin", "arcsinh", "arctan2", "arctanh", "cbrt", "deg2rad", "divide_no_nan",
    "erfc", "fabs", "fmod", "heaviside", "hypot", "isclose", "logaddexp2", "rad2deg", "rsqrt", "signbit", "sinc",
    "trunc",
    "abs", "absolute", "add", "arctan", "ceil", "clip", "cos", "cosh", "divide", "equal", "erf", "exp", "exp2",
    "expm1", "floor", "floor_divide", "greater", "greater_equal", "isfinite", "isinf", "isnan", "less",
    "less_equal", "log", "log10", "log1p", "log2", "logaddexp", "logical_and", "logical_not", "logical_or",
    "logical_xor", "maximum", "minimum", "mod", "multiply", "nan_to_num", "negative", "not_equal", "power",
    "reciprocal", "relu", "round", "sigmoid", "sign", "sin", "sinh", "sqrt", "square", "subtract", "tan", "tanh",
    "true_divide", "where",
]
