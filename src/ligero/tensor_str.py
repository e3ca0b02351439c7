"""How a tensor prints (``print(t)``, ``repr(t)``): torch's layout, and ``set_printoptions``.

One formatter per tensor picks a common width for every element, as torch's does. For floats it looks
at the nonzero finite values: all integral gives ``1.`` style (scientific when max/min > 1000 or
max > 1e8); otherwise fixed ``precision`` digits, or scientific when max/min > 1000, max > 1e8 or
min < 1e-4. More than ``threshold`` elements print only ``edgeitems`` at each end of every dimension
(``...`` between); a row longer than ``linewidth`` wraps. The suffixes follow: ``dtype=`` when the dtype
is not the default float, int64 or bool, ``size=`` for an empty tensor not 1-D, then ``grad_fn=<...>``
or ``requires_grad=True``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ligero import dtypes

__all__ = ["PRINT_OPTS", "format_tensor", "set_printoptions"]

_PROFILES = {"default": (4, 1000, 3, 80), "short": (2, 1000, 2, 80), "full": (4, math.inf, 3, 80)}
PRINT_OPTS: dict[str, Any] = {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80, "sci_mode": None}


def set_printoptions(precision: int | None = None, threshold: float | None = None, edgeitems: int | None = None,
                     linewidth: int | None = None, profile: str | None = None, sci_mode: bool | None = None) -> None:
    """torch's print options: a ``profile`` ('default', 'short', 'full') first, then each option given;
    ``sci_mode`` None lets the formatter choose."""
    if profile is not None:
        if profile not in _PROFILES:
            raise ValueError(f"set_printoptions: unknown profile {profile!r} (expected one of {sorted(_PROFILES)})")
        PRINT_OPTS.update(zip(("precision", "threshold", "edgeitems", "linewidth"), _PROFILES[profile]))
    for key, value in (("precision", precision), ("threshold", threshold), ("edgeitems", edgeitems),
                       ("linewidth", linewidth)):
        if value is not None:
            PRINT_OPTS[key] = value
    PRINT_OPTS["sci_mode"] = sci_mode


class _Formatter:
    """One width and one notation for every element of a (summarised) array."""

    def __init__(self, values: np.ndarray) -> None:
        self.floating = values.dtype.kind == "f"
        self.int_mode, self.sci_mode, self.width = True, False, 1
        precision = PRINT_OPTS["precision"]
        if not self.floating:
            self.width = max([1] + [len(str(v)) for v in values.ravel().tolist()])
            return
        finite = values.ravel().astype(np.float64)
        finite = finite[np.isfinite(finite) & (finite != 0)]
        if finite.size:
            lo, hi = np.abs(finite).min(), np.abs(finite).max()
            self.int_mode = bool(np.all(finite == np.ceil(finite)))
            self.sci_mode = hi / lo > 1000.0 or hi > 1.0e8 or (not self.int_mode and lo < 1.0e-4)
            if self.sci_mode:
                texts = [f"{v:.{precision}e}" for v in finite.tolist()]
            elif self.int_mode:
                texts = [f"{v:.0f}." for v in finite.tolist()]
            else:
                texts = [f"{v:.{precision}f}" for v in finite.tolist()]
            self.width = max(len(s) for s in texts)
        if PRINT_OPTS["sci_mode"] is not None:
            self.sci_mode = bool(PRINT_OPTS["sci_mode"])

    def format(self, value: Any) -> str:
        precision = PRINT_OPTS["precision"]
        if not self.floating:
            text = str(value)
        elif self.sci_mode:
            text = f"{value:{self.width}.{precision}e}"
        elif self.int_mode:
            text = f"{value:.0f}" + ("" if math.isinf(value) or math.isnan(value) else ".")
        else:
            text = f"{value:.{precision}f}"
        return text.rjust(self.width)


class _ComplexFormatter:
    """torch's complex elements: the real and the imaginary parts each with a formatter of its own,
    joined as ``-2.+2.j`` (the imaginary part's padding dropped)."""

    def __init__(self, values: np.ndarray) -> None:
        self.real, self.imag = _Formatter(values.real), _Formatter(values.imag)
        self.width = self.real.width + self.imag.width + 1

    def format(self, value: Any) -> str:
        real = self.real.format(value.real)
        imag = (self.imag.format(value.imag) + "j").lstrip()
        return real + imag if imag[0] in "+-" else real + "+" + imag


def _formatter(values: np.ndarray) -> _Formatter | _ComplexFormatter:
    return _ComplexFormatter(values) if values.dtype.kind == "c" else _Formatter(values)


def _summarized(a: np.ndarray) -> np.ndarray:
    """The edge items of every dimension longer than 2·edgeitems (what a summarised print shows)."""
    edge = PRINT_OPTS["edgeitems"]
    for axis, n in enumerate(a.shape):
        if n > 2 * edge:
            a = np.concatenate([np.take(a, range(edge), axis), np.take(a, range(n - edge, n), axis)], axis)
    return a


def _vector(a: np.ndarray, indent: int, summarize: bool, fmt: _Formatter) -> str:
    edge = PRINT_OPTS["edgeitems"]
    per_line = max(1, int(math.floor((PRINT_OPTS["linewidth"] - indent) / (fmt.width + 2))))
    if summarize and a.shape[0] > 2 * edge:
        items = [fmt.format(v) for v in a[:edge].tolist()] + [" ..."] + [fmt.format(v) for v in a[-edge:].tolist()]
    else:
        items = [fmt.format(v) for v in a.tolist()]
    lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested(a: np.ndarray, indent: int, summarize: bool, fmt: _Formatter) -> str:
    if a.ndim == 0:
        return fmt.format(a.item())
    if a.ndim == 1:
        return _vector(a, indent, summarize, fmt)
    edge, n = PRINT_OPTS["edgeitems"], a.shape[0]
    rows = list(range(edge)) + [None] + list(range(n - edge, n)) if summarize and n > 2 * edge else range(n)
    parts = ["..." if i is None else _nested(a[i], indent + 1, summarize, fmt) for i in rows]
    return "[" + ("," + "\n" * (a.ndim - 1) + " " * (indent + 1)).join(parts) + "]"


def _with_suffixes(text: str, suffixes: list[str], indent: int) -> str:
    out, last = [text], len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if last + len(suffix) + 2 > PRINT_OPTS["linewidth"]:
            out.append(",\n" + " " * indent + suffix)
            last = indent + len(suffix)
        else:
            out.append(", " + suffix)
            last += len(suffix) + 2
    return "".join(out) + ")"


def format_tensor(a: np.ndarray, grad_fn: str | None, requires_grad: bool) -> str:
    """``tensor(...)`` for the values ``a`` as torch prints them (``grad_fn`` is the node's name, or None)."""
    prefix, suffixes = "tensor(", []
    default = dtypes.DEFAULT_FLOAT.dtype
    if a.size == 0:
        body = "[]"
        if a.ndim != 1:
            suffixes.append(f"size={tuple(a.shape)}")
        if a.dtype != default:
            suffixes.append(f"dtype={dtypes.of(a.dtype)}")
    else:
        if a.dtype not in (default, np.int64, np.bool_, np.result_type(default, np.complex64)):
            suffixes.append(f"dtype={dtypes.of(a.dtype)}")
        values = a.astype(np.float32) if a.dtype == np.float16 else a
        summarize = a.size > PRINT_OPTS["threshold"]
        fmt = _formatter(_summarized(values) if summarize else values)
        body = _nested(values, len(prefix), summarize, fmt)
    if grad_fn is not None:
        suffixes.append(f"grad_fn=<{grad_fn}>")
    elif requires_grad:
        suffixes.append("requires_grad=True")
    return _with_suffixes(prefix + body, suffixes, len(prefix))
