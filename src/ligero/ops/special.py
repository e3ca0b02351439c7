"""Special functions (torch.special's), each with its derivative, on NumPy alone (no SciPy).

Values are computed in float64 and returned in the input's floating dtype (an integer input becomes the
default float, as torch's). The series used: ``erfinv`` by Giles's single-precision approximation refined
by two Newton steps on ``erf``; ``digamma`` and ``trigamma`` by the recurrence ψ(x) = ψ(x+1) - 1/x up to
x ≥ 10, then their asymptotic series (reflection for x < 0.5); ``i1`` (the derivative of ``i0``) by its
power series, summed past its largest term.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ligero import dtypes
from ligero.ops._common import cast, operands, unbroadcast
from ligero.tensor import Tensor, as_tensor, make_result

_SQRT_PI = math.sqrt(math.pi)
_SQRT_2PI = math.sqrt(2 * math.pi)
_ERF = np.vectorize(math.erf, otypes=[np.float64])
_ERFC = np.vectorize(math.erfc, otypes=[np.float64])
_LGAMMA = np.vectorize(math.lgamma, otypes=[np.float64])


def _floating(a: Any) -> Tensor:
    a = a if isinstance(a, Tensor) else as_tensor(a)
    return a if a.array.dtype.kind == "f" else cast(a, dtypes.DEFAULT_FLOAT.dtype)


def _map(a: Any, fn: Any, slope: Any, op: str) -> Tensor:
    """``out = fn(x)`` elementwise (computed in float64); backward ``g · slope(x64, out64)``."""
    a = _floating(a)
    x = a.array.astype(np.float64)
    out = np.asarray(fn(x)) if x.size else x.copy()
    dt = a.array.dtype
    return make_result(out.astype(dt), (a,), lambda g: (g * np.asarray(slope(x, out)).astype(dt),), op)


def erfc_array(x: np.ndarray) -> np.ndarray:
    """``1 - erf x``, accurate in the tail."""
    return _ERFC(x)


def erfinv_array(y: np.ndarray) -> np.ndarray:
    """The inverse of ``erf`` on (-1, 1) (±inf at ±1, nan outside)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        w = -np.log((1.0 - y) * (1.0 + y))
        small = w < 5.0
        ws, wl = w - 2.5, np.sqrt(np.where(small, 5.0, w)) - 3.0
        ps = np.polyval([2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
                         -0.00125372503, -0.00417768164, 0.246640727, 1.50140941], ws)
        pl = np.polyval([-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
                         -0.0076224613, 0.00943887047, 1.00167406, 2.83297682], wl)
        x = np.where(small, ps, pl) * y
        for _ in range(2):  # Newton on erf(x) = y
            x = x - (_ERF(x) - y) / (2 / _SQRT_PI * np.exp(-x * x))
    x = np.where(np.abs(y) == 1, np.copysign(np.inf, y), x)
    return np.where(np.abs(y) > 1, np.nan, x)


def _asymptotic(x: np.ndarray, kind: int) -> np.ndarray:
    """ψ (kind 0) or ψ' (kind 1) for x > 0 by recurrence up to 10 and the asymptotic series."""
    acc = np.zeros_like(x)
    x = x.copy()
    for _ in range(10):
        low = x < 10
        acc = acc - np.where(low, 1 / x if kind == 0 else -1 / (x * x), 0)
        x = np.where(low, x + 1, x)
    inv = 1 / (x * x)
    if kind == 0:
        series = np.log(x) - 0.5 / x - inv * (1 / 12 - inv * (1 / 120 - inv * (1 / 252 - inv * (1 / 240))))
    else:
        series = 1 / x + 0.5 * inv + inv / x * (1 / 6 - inv * (1 / 30 - inv * (1 / 42 - inv / 30)))
    return acc + series


def digamma_array(x: np.ndarray) -> np.ndarray:
    """ψ(x) = d/dx ln Γ(x); reflection ψ(1-x) - π/tan(πx) for x < 0.5; nan (-inf at 0) at the poles."""
    with np.errstate(divide="ignore", invalid="ignore"):
        reflected = x < 0.5
        z = np.where(reflected, 1 - x, x)
        out = _asymptotic(z, 0)
        out = np.where(reflected, out - np.pi / np.tan(np.pi * x), out)
    out = np.where((x <= 0) & (x == np.floor(x)), np.nan, out)
    return np.where(x == 0, -np.inf, out)


def trigamma_array(x: np.ndarray) -> np.ndarray:
    """ψ'(x); reflection π²/sin²(πx) - ψ'(1-x) for x < 0.5."""
    with np.errstate(divide="ignore", invalid="ignore"):
        reflected = x < 0.5
        out = _asymptotic(np.where(reflected, 1 - x, x), 1)
        return np.where(reflected, (np.pi / np.sin(np.pi * x)) ** 2 - out, out)


def i1_array(x: np.ndarray) -> np.ndarray:
    """The modified Bessel function I₁ (the derivative of I₀): ``Σₖ (x/2)^(2k+1) / (k!(k+1)!)``, summed
    past the largest term (near k = |x|/2); inf where it overflows, as torch's."""
    ax = np.abs(x)
    term = ax / 2
    total = term.copy()
    top = int(np.max(ax, initial=0.0)) // 2 + 60
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, min(top, 1000)):
            term = term * (ax / 2) ** 2 / (k * (k + 1))
            total = total + term
    return np.sign(x) * total


def _ndtr(x: np.ndarray) -> np.ndarray:
    return 0.5 * erfc_array(-x / math.sqrt(2))


def _log_ndtr(x: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.log(_ndtr(x))


def erfc(a: Any) -> Tensor:
    """``1 - erf a``;  d/da = -(2/√π) e^(-a²)."""
    return _map(a, erfc_array, lambda x, _: -2 / _SQRT_PI * np.exp(-x * x), "erfc")


def erfinv(a: Any) -> Tensor:
    """``y`` with ``erf y = a``;  d/da = (√π/2) e^(y²)."""
    return _map(a, erfinv_array, lambda _, y: _SQRT_PI / 2 * np.exp(y * y), "erfinv")


def lgamma(a: Any) -> Tensor:
    """``ln |Γ(a)|``;  d/da = ψ(a)."""
    return _map(a, _LGAMMA, lambda x, _: digamma_array(x), "lgamma")


def digamma(a: Any) -> Tensor:
    """``ψ(a) = Γ'(a)/Γ(a)``;  d/da = ψ'(a)."""
    return _map(a, digamma_array, lambda x, _: trigamma_array(x), "digamma")


def i0(a: Any) -> Tensor:
    """The modified Bessel function ``I₀(a)``;  d/da = I₁(a)."""
    return _map(a, np.i0, lambda x, _: i1_array(x), "i0")


def ndtr(a: Any) -> Tensor:
    """The standard normal CDF ``Φ(a) = ½ erfc(-a/√2)``;  d/da = φ(a) = e^(-a²/2)/√(2π)."""
    return _map(a, _ndtr, lambda x, _: np.exp(-x * x / 2) / _SQRT_2PI, "ndtr")


def ndtri(a: Any) -> Tensor:
    """``Φ⁻¹(a) = √2 erfinv(2a - 1)``;  d/da = 1/φ(Φ⁻¹(a))."""
    return _map(a, lambda p: math.sqrt(2) * erfinv_array(2 * p - 1), lambda _, y: _SQRT_2PI * np.exp(y * y / 2),
                "ndtri")


def log_ndtr(a: Any) -> Tensor:
    """``ln Φ(a)``;  d/da = φ(a)/Φ(a)."""
    return _map(a, _log_ndtr, lambda x, out: np.exp(-x * x / 2 - out) / _SQRT_2PI, "log_ndtr")


def _sinc_slope(x: np.ndarray, _: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        px = np.pi * x
        return np.where(x == 0, 0.0, (np.cos(px) * px - np.sin(px)) / (px * x))


def sinc(a: Any) -> Tensor:
    """``sin(πa)/(πa)`` (1 at 0);  d/da = (πa cos πa - sin πa)/(πa²) (0 at 0)."""
    return _map(a, np.sinc, _sinc_slope, "sinc")


def _entr(x: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(x > 0, -x * np.log(np.where(x > 0, x, 1.0)), 0.0)
    return np.where(x < 0, -np.inf, np.where(np.isnan(x), np.nan, out))


def entr(a: Any) -> Tensor:
    """``-a ln a`` (0 at 0, -inf for a < 0);  d/da = -(ln a + 1)."""
    with np.errstate(divide="ignore"):
        return _map(a, _entr, lambda x, _: -(np.log(np.where(x > 0, x, 0.0)) + 1), "entr")


def exp2(a: Any) -> Tensor:
    """``2^a``;  d/da = ln 2 · 2^a."""
    return _map(a, np.exp2, lambda _, out: math.log(2) * out, "exp2")


def logit(a: Any, eps: float | None = None) -> Tensor:
    """``ln(z/(1-z))`` with ``z = clamp(a, eps, 1-eps)`` (no clamp without eps);
    d/da = 1/(z(1-z)), 0 where the clamp is active."""
    def fn(x: np.ndarray) -> np.ndarray:
        z = x if eps is None else np.clip(x, eps, 1 - eps)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(z / (1 - z))

    def slope(x: np.ndarray, _: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            d = 1 / (x * (1 - x))
        return d if eps is None else np.where((x < eps) | (x > 1 - eps), 0.0, d)

    return _map(a, fn, slope, "logit")


def _xlog(op: str, a: Any, b: Any, shift: float) -> Tensor:
    """``a·ln(b + shift)`` with 0 where a == 0 (unless b is nan); d/da = ln(b + shift) (0 where a == 0),
    d/db = a/(b + shift)."""
    if not isinstance(a, Tensor) and not isinstance(b, Tensor):
        a = as_tensor(a)
    a, b = operands(a, b)
    a, b = _floating(a), _floating(b)
    x, y = a.array, b.array
    with np.errstate(divide="ignore", invalid="ignore"):
        log_y = np.log(y + shift)
        out = np.where((x == 0) & ~np.isnan(y), 0.0, x * log_y).astype(x.dtype)

    def backward(g: np.ndarray) -> tuple:
        with np.errstate(divide="ignore", invalid="ignore"):
            ga = unbroadcast(g * np.where(x == 0, 0.0, log_y), x.shape) if a.requires_grad else None
            gb = unbroadcast(g * x / (y + shift), y.shape) if b.requires_grad else None
        return (None if ga is None else ga.astype(x.dtype), None if gb is None else gb.astype(y.dtype))

    return make_result(out, (a, b), backward, op)


def xlogy(a: Any, b: Any) -> Tensor:
    """``a·ln b`` (0 where a == 0)."""
    return _xlog("xlogy", a, b, 0.0)


def xlog1py(a: Any, b: Any) -> Tensor:
    """``a·ln(1 + b)`` (0 where a == 0)."""
    return _xlog("xlog1py", a, b, 1.0)
