"""``model.summary()``: Keras 3's table of layers, output shapes and parameter counts."""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np

WIDTHS = (33, 24, 15)  # Keras's three columns, borders excluded
CONNECTED_WIDTHS = (21, 19, 12, 19)  # its four, with "Connected to", for a model that is not a chain


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


def sequential_like(model: Any) -> bool:
    """Whether Keras prints ``model`` as a chain (no "Connected to" column): not a functional graph, or
    one input, one output, no layer with several inputs and no layer called twice."""
    graph = getattr(model, "_graph", None)
    if graph is None or not getattr(model, "summary_lists_inputs", False):
        return True
    layers = [id(node.layer) for node in graph.nodes]
    return len(graph.inputs) == len(graph.outputs) == 1 and len(set(layers)) == len(layers) and all(
        len(node.inputs) <= 1 for node in graph.nodes)


def _connections(model: Any) -> dict[int, str]:
    """Keras's "Connected to" per layer: ``parent[call][0]`` for each input of each of its calls."""
    graph = model._graph
    calls: dict[int, int] = {}
    index: dict[int, int] = {}
    for node in graph.inputs + graph.nodes:
        index[id(node)] = calls.get(id(node.layer), 0)
        calls[id(node.layer)] = index[id(node)] + 1
    found: dict[int, list[str]] = {}
    for node in graph.nodes:
        found.setdefault(id(node.layer), []).extend(f"{p.layer.name}[{index[id(p)]}][0]" for p in node.inputs)
    return {key: ", ".join(parts) for key, parts in found.items()}


def _rows(model: Any) -> list[tuple[str, ...]]:
    connections = None if sequential_like(model) else _connections(model)
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
        row = (f"{layer.name} ({type(layer).__name__})", shape_text, params)
        rows.append(row if connections is None else (*row, connections.get(id(layer), "-")))
    return rows


def _line(left: str, mid: str, right: str, fill: str, widths: tuple[int, ...] = WIDTHS) -> str:
    return left + mid.join(fill * w for w in widths) + right


def _cells(row: tuple[str, ...], bar: str, widths: tuple[int, ...] = WIDTHS) -> list[str]:
    wrapped = [textwrap.wrap(text, w - 2) or [""] for text, w in zip(row, widths)]
    lines = []
    for i in range(max(len(c) for c in wrapped)):
        parts = [c[i] if i < len(c) else "" for c in wrapped]
        cells = [f" {part:>{w - 2}} " if k == 2 else f" {part:<{w - 2}} "  # Param # is right-aligned
                 for k, (part, w) in enumerate(zip(parts, widths))]
        lines.append(bar + bar.join(cells) + bar)
    return lines


def summary(model: Any) -> str:
    """The table Keras prints: one row per layer (wrapped to its columns), then the totals."""
    rows = _rows(model)
    chain = sequential_like(model)
    widths = WIDTHS if chain else CONNECTED_WIDTHS
    header = ("Layer (type)", "Output Shape", "Param #") + (() if chain else ("Connected to",))
    out = [f'Model: "{model.name}"', _line("┏", "┳", "┓", "━", widths)]
    out += _cells(header, "┃", widths)
    out.append(_line("┡", "╇", "┩", "━", widths))
    for i, row in enumerate(rows):
        out += _cells(row, "│", widths)
        out.append(_line("├", "┼", "┤", "─", widths) if i < len(rows) - 1 else _line("└", "┴", "┘", "─", widths))
    if not rows:
        out.append(_line("└", "┴", "┘", "─", widths))
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
