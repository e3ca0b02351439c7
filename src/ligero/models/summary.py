"""``model.summary()``: Keras 3's table of layers, output shapes and parameter counts."""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np

WIDTHS = (33, 24, 15)  # Keras's three columns, borders excluded
CONNECTED_WIDTHS = (21, 19, 12, 19)  # its four, with "Connected to", for a model that is not a chain
TRAINABLE_WIDTHS = (29, 23, 12, 7)  # with show_trainable=True
CONNECTED_TRAINABLE_WIDTHS = (19, 17, 11, 16, 7)


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


def _layer_row(layer: Any, prefix: str) -> tuple[str, str, str]:
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
    return (f"{prefix}{layer.name} ({type(layer).__name__})", shape_text, params)


def _trainable_mark(layer: Any) -> str:
    """Keras's "Trainable" column: Y or N for a layer with weights, - for one without."""
    if not getattr(layer, "weights", None):
        return "-"
    return "Y" if layer.trainable else "N"


def _rows(model: Any, expand_nested: bool = False, show_trainable: bool = False) -> list[tuple[str, ...]]:
    connections = None if sequential_like(model) else _connections(model)
    rows: list[tuple[str, ...]] = []

    def add(layer: Any, level: int) -> None:
        row = _layer_row(layer, "   " * level + "└ " if level else "")
        if connections is not None:
            row = (*row, connections.get(id(layer), "-") if level == 0 else "")
        rows.append((*row, _trainable_mark(layer)) if show_trainable else row)
        nested = getattr(layer, "layers", None)
        if expand_nested and getattr(layer, "_graph", None) is not None and nested:
            for inner in nested:
                add(inner, level + 1)

    for layer in getattr(model, "layers", None) or list(model.children()):
        add(layer, 0)
    return rows


def _line(left: str, mid: str, right: str, fill: str, widths: tuple[int, ...] = WIDTHS) -> str:
    return left + mid.join(fill * w for w in widths) + right


def _fit(text: str, width: int) -> list[str]:
    """``text`` wrapped at spaces to ``width``, a word longer than that cut with an ellipsis (rich's)."""
    lines = textwrap.wrap(text, width, break_long_words=False) or [""]
    return [line if len(line) <= width else line[:width - 1] + "…" for line in lines]


def _cells(row: tuple[str, ...], bar: str, widths: tuple[int, ...], aligns: str) -> list[str]:
    """One table row; ``aligns`` gives each column's alignment ('<' left, '>' right, '^' centre)."""
    wrapped = [_fit(text, w - 2) for text, w in zip(row, widths)]
    lines = []
    for i in range(max(len(c) for c in wrapped)):
        parts = [c[i] if i < len(c) else "" for c in wrapped]
        cells = [f" {part:{align}{w - 2}} " for part, w, align in zip(parts, widths, aligns)]
        lines.append(bar + bar.join(cells) + bar)
    return lines


def _layout(chain: bool, show_trainable: bool) -> tuple[tuple[int, ...], str, tuple[str, ...]]:
    """The column widths, alignments and headers Keras prints (rich, in an 80-column terminal)."""
    header = ("Layer (type)", "Output Shape", "Param #") + (() if chain else ("Connected to",))
    aligns = "<<>" + ("" if chain else "<")
    widths = WIDTHS if chain else CONNECTED_WIDTHS
    if show_trainable:
        widths = TRAINABLE_WIDTHS if chain else CONNECTED_TRAINABLE_WIDTHS
        header, aligns = header + ("Trainable",), aligns + "^"
    return widths, aligns, header


def summary(model: Any, expand_nested: bool = False, show_trainable: bool = False) -> str:
    """The table Keras prints: one row per layer (wrapped to its columns; the layers of nested models
    below theirs with ``expand_nested``, a Trainable column with ``show_trainable``), then the totals."""
    rows = _rows(model, expand_nested, show_trainable)
    widths, aligns, header = _layout(sequential_like(model), show_trainable)
    out = [f'Model: "{model.name}"', _line("┏", "┳", "┓", "━", widths)]
    out += _cells(header, "┃", widths, aligns)
    out.append(_line("┡", "╇", "┩", "━", widths))
    for i, row in enumerate(rows):
        out += _cells(row, "│", widths, aligns)
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
