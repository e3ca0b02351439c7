"""``model.summary()``: Keras 3's table of layers, output shapes and parameter counts."""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np

WIDTHS = (33, 24, 15)  # Keras's three columns, borders excluded


def _size(weights: list[Any]) -> tuple[int, int]:
    """(values, bytes) of ``weights``."""
    count = sum(int(np.prod(w.shape)) for w in weights)
    return count, sum(int(np.prod(w.shape)) * np.dtype(w.dtype).itemsize for w in weights)


def readable_size(size: float) -> str:
    """Keras's ``readable_memory_size``: ``148.00 B``, ``918.54 KB``..."""
    for unit in ("B", "KB", "MB", "GB", "TB", "PB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} EB"


def _rows(model: Any) -> list[tuple[str, str, str]]:
    rows = []
    for layer in getattr(model, "layers", None) or list(model.children()):
        built = bool(getattr(layer, "built", False))
        shape = getattr(layer, "output_shape", None)
        if isinstance(shape, tuple) and getattr(layer, "_graph", None) is None:
            shape_text = str((None, *shape))
        elif shape is not None:
            shape_text = str(shape)
        else:
            shape_text = "?"
        count = _size(layer.weights)[0] if hasattr(layer, "weights") else 0
        params = f"{count:,}" if built or count else "0 (unbuilt)"
        rows.append((f"{layer.name} ({type(layer).__name__})", shape_text, params))
    return rows


def _line(left: str, mid: str, right: str, fill: str) -> str:
    return left + mid.join(fill * w for w in WIDTHS) + right


def _cells(row: tuple[str, str, str], bar: str) -> list[str]:
    wrapped = [textwrap.wrap(text, w - 2) or [""] for text, w in zip(row, WIDTHS)]
    lines = []
    for i in range(max(len(c) for c in wrapped)):
        parts = [c[i] if i < len(c) else "" for c in wrapped]
        cells = [f" {parts[0]:<{WIDTHS[0] - 2}} ", f" {parts[1]:<{WIDTHS[1] - 2}} ", f" {parts[2]:>{WIDTHS[2] - 2}} "]
        lines.append(bar + bar.join(cells) + bar)
    return lines


def summary(model: Any) -> str:
    """The table Keras prints: one row per layer (wrapped to its columns), then the totals."""
    out = [f'Model: "{model.name}"', _line("┏", "┳", "┓", "━")]
    out += _cells(("Layer (type)", "Output Shape", "Param #"), "┃")
    out.append(_line("┡", "╇", "┩", "━"))
    rows = _rows(model)
    for i, row in enumerate(rows):
        out += _cells(row, "│")
        out.append(_line("├", "┼", "┤", "─") if i < len(rows) - 1 else _line("└", "┴", "┘", "─"))
    if not rows:
        out.append(_line("└", "┴", "┘", "─"))
    weights = model.weights
    trainable = [w for w in weights if w.trainable]
    frozen = [w for w in weights if not w.trainable]
    optimizer = getattr(model, "optimizer", None)
    extra = optimizer.variable_size() if getattr(optimizer, "built", False) else None
    total = _size(weights)
    if extra is not None:
        total = (total[0] + extra[0], total[1] + extra[1])
    lines = [("Total", total), ("Trainable", _size(trainable)), ("Non-trainable", _size(frozen))]
    if extra is not None:
        lines.append(("Optimizer", extra))
    for label, (count, size) in lines:
        out.append(f" {label} params: {count:,} ({readable_size(size)})")
    return "\n".join(out)
