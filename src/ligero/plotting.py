"""Figures: computational graphs, training curves, image grids, confusion matrices, sweeps.

Every function draws one figure, saves it to ``path`` (PNG unless the suffix
says otherwise) and returns the path. Figures are built with
:class:`matplotlib.figure.Figure` and rendered by Agg, so nothing here touches
pyplot's global state, opens a window or changes the backend of a notebook.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ligero._graph import topological_order
from ligero.errors import ShapeError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from ligero.tensor import Tensor

PathLike = str | os.PathLike

__all__ = [
    "image_grid", "plot_comparison", "plot_confusion_matrix", "plot_graph", "plot_history",
    "plot_mean_image", "plot_sweep",
]


# ---------------------------------------------------------------------------
# shared helpers
# ---------------------------------------------------------------------------


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100)


def _save(fig: Figure, path: PathLike, dpi: int = 120) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=dpi, bbox_inches="tight", facecolor="white")
    return path


def _integer_ticks(ax: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _history_dict(history: Any) -> dict[str, list[float]]:
    data = getattr(history, "history", history)
    if not isinstance(data, Mapping):
        raise TypeError("history must be a History (with .history) or a dict of metric -> list")
    return {str(k): [float(v) if v is not None else np.nan for v in vals] for k, vals in data.items()}


# ---------------------------------------------------------------------------
# training curves
# ---------------------------------------------------------------------------


def plot_history(history: Any, path: PathLike, title: str | None = None) -> Path:
    """Training curves from a Keras-like ``History`` (``.history``) or a dict metric -> per-epoch list.

    One panel for the losses (``loss`` and ``val_loss``; any key ending in
    ``loss``), then one panel per other metric with its ``val_`` twin.
    """
    data = _history_dict(history)
    if not data:
        raise ValueError("plot_history: the history is empty")
    bases: list[str] = []
    for key in data:
        base = key[4:] if key.startswith("val_") else key
        if base not in bases:
            bases.append(base)
    losses = [b for b in bases if b.endswith("loss")]
    metrics = [b for b in bases if not b.endswith("loss")]
    panels: list[tuple[str, list[str]]] = []
    if losses:
        panels.append(("loss", losses))
    panels += [(m, [m]) for m in metrics]

    fig = _figure(4.8 * len(panels), 3.6)
    axes = np.atleast_1d(fig.subplots(1, len(panels), squeeze=False)[0])
    for ax, (ylabel, keys) in zip(axes, panels):
        for base in keys:
            for key, style, label in ((base, "-", "train"), ("val_" + base, "--", "validation")):
                if key in data:
                    values = data[key]
                    epochs = np.arange(1, len(values) + 1)
                    name = label if len(keys) == 1 else f"{key}"
                    ax.plot(epochs, values, style, label=name, marker="o" if len(values) < 15 else None,
                            markersize=3)
        ax.set_xlabel("epoch")
        _integer_ticks(ax)
        ax.set_ylabel(ylabel.replace("_", " "))
        ax.set_title(ylabel.replace("_", " "))
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return _save(fig, path)


def plot_comparison(
    curves: Mapping[str, Sequence[float]],
    path: PathLike,
    ylabel: str = "test accuracy",
    title: str | None = None,
    xlabel: str = "epoch",
) -> Path:
    """Several methods' curves (e.g. test accuracy per epoch) on one plot, one line each."""
    if not curves:
        raise ValueError("plot_comparison: no curves given")
    fig = _figure(6.4, 4.2)
    ax = fig.subplots()
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        ax.plot(np.arange(1, len(values) + 1), values, label=str(name),
                marker="o" if len(values) < 15 else None, markersize=3)
    ax.set_xlabel(xlabel)
    _integer_ticks(ax)
    ax.set_ylabel(ylabel)
    ax.set_title(title or f"{ylabel} by method")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return _save(fig, path)


# ---------------------------------------------------------------------------
# images
# ---------------------------------------------------------------------------


def _as_images(images: Any) -> np.ndarray:
    """Images as (N, H, W) or (N, H, W, C) floats in [0, 1] from NCHW/NHWC/flat, uint8 or float."""
    x = np.asarray(getattr(images, "data", images))
    if x.ndim == 2:  # flat rows: 784 (MNIST) or 3072 (CIFAR, CHW order)
        d = x.shape[1]
        side = int(round(np.sqrt(d)))
        if side * side == d:
            x = x.reshape(-1, side, side)
        elif d % 3 == 0 and int(round(np.sqrt(d // 3))) ** 2 == d // 3:
            side = int(round(np.sqrt(d // 3)))
            x = x.reshape(-1, 3, side, side)
        else:
            raise ShapeError(f"image_grid: cannot view rows of {d} values as square images")
    if x.ndim == 4:
        if x.shape[1] in (1, 3) and x.shape[-1] not in (1, 3):
            x = x.transpose(0, 2, 3, 1)  # NCHW -> NHWC
        if x.shape[-1] == 1:
            x = x[..., 0]
    elif x.ndim != 3:
        raise ShapeError(f"image_grid: expected (N, H, W), (N, C, H, W) or (N, H, W, C) images, got {x.shape}")
    x = x.astype(np.float64)
    if np.issubdtype(np.asarray(getattr(images, "data", images)).dtype, np.integer) or x.max(initial=0) > 1.0:
        if x.min(initial=0) >= 0 and x.max(initial=0) <= 255:
            return x / 255.0
    lo, hi = x.min(initial=0), x.max(initial=0)
    if lo < 0 or hi > 1:  # standardized data: stretch each image to [0, 1]
        axes = tuple(range(1, x.ndim))
        lo = x.min(axis=axes, keepdims=True)
        hi = x.max(axis=axes, keepdims=True)
        return (x - lo) / np.where(hi > lo, hi - lo, 1)
    return x


def _label_name(value: Any, class_names: Sequence[str] | None) -> str:
    v = np.asarray(value)
    if v.ndim == 1 and v.size > 1:  # one-hot row
        v = v.argmax()
    v = v.item()
    if class_names is not None and isinstance(v, (int, np.integer, float)) and float(v).is_integer():
        idx = int(v)
        if 0 <= idx < len(class_names):
            return str(class_names[idx])
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def image_grid(
    images: Any,
    labels: Any = None,
    path: PathLike | None = None,
    ncols: int = 10,
    predicted: Any = None,
    class_names: Sequence[str] | None = None,
    title: str | None = None,
) -> Path:
    """A grid of images, each titled with its label (and prediction, red when wrong).

    ``images``: MNIST-like (N, 28, 28), CIFAR-like (N, 3, 32, 32) NCHW or NHWC,
    or flat rows (N, 784) / (N, 3072); uint8 0-255 or floats (standardized
    images are stretched per image). ``labels``/``predicted``: class indices
    or one-hot rows. ``image_grid(images, path=...)`` and
    ``image_grid(images, "grid.png")`` both work.
    """
    if path is None and isinstance(labels, (str, os.PathLike)):
        labels, path = None, labels
    if path is None:
        raise TypeError("image_grid: path is required")
    x = _as_images(images)
    n = len(x)
    if n == 0:
        raise ValueError("image_grid: no images")
    ncols = max(1, min(ncols, n))
    nrows = -(-n // ncols)
    has_text = labels is not None or predicted is not None
    fig = _figure(1.2 * ncols, (1.2 + (0.35 if has_text else 0)) * nrows + (0.4 if title else 0))
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if i >= n:
            continue
        img = x[i]
        ax.imshow(img, cmap="gray" if img.ndim == 2 else None, vmin=0, vmax=1, interpolation="nearest")
        parts, wrong = [], False
        if labels is not None:
            parts.append(_label_name(labels[i], class_names))
        if predicted is not None:
            pred = _label_name(predicted[i], class_names)
            if labels is not None:
                wrong = pred != parts[0]
                parts = [f"{parts[0]} → {pred}" if wrong else parts[0]]
            else:
                parts.append(pred)
        if parts:
            ax.set_title(" ".join(parts), fontsize=8, color="red" if wrong else "black")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return _save(fig, path)


def plot_mean_image(
    images: Any,
    path: PathLike,
    labels: Any = None,
    class_names: Sequence[str] | None = None,
    title: str | None = None,
) -> Path:
    """The mean image of a data set (e.g. the training mean subtracted in preprocessing),
    or, with ``labels``, the mean image of each class."""
    x = _as_images(images)
    if labels is None:
        fig = _figure(3.2, 3.4)
        ax = fig.subplots()
        mean = x.mean(axis=0)
        ax.imshow(mean, cmap="gray" if mean.ndim == 2 else None, interpolation="nearest")
        ax.set_axis_off()
        ax.set_title(title or f"mean of {len(x)} images")
        fig.tight_layout()
        return _save(fig, path)
    y = np.asarray(getattr(labels, "data", labels))
    if y.ndim == 2:
        y = y.argmax(axis=1)
    classes = np.unique(y)
    means = np.stack([x[y == c].mean(axis=0) for c in classes])
    return image_grid(means, labels=classes, path=path, ncols=min(10, len(classes)),
                      class_names=class_names, title=title or "mean image per class")


def plot_confusion_matrix(
    y_true: Any,
    y_pred: Any,
    path: PathLike,
    class_names: Sequence[str] | None = None,
    title: str | None = None,
    normalize: bool = False,
) -> Path:
    """Confusion matrix: rows = true class, columns = predicted class, counts in the cells.

    Labels are class indices or one-hot/probability rows (argmax is taken).
    ``normalize=True`` shows each row as fractions of that class.
    """
    t = np.asarray(getattr(y_true, "data", y_true))
    p = np.asarray(getattr(y_pred, "data", y_pred))
    t = t.argmax(axis=1) if t.ndim == 2 else t.astype(np.int64)
    p = p.argmax(axis=1) if p.ndim == 2 else p.astype(np.int64)
    if t.shape != p.shape:
        raise ShapeError(f"plot_confusion_matrix: {t.shape[0]} true labels but {p.shape[0]} predictions")
    k = int(max(t.max(initial=0), p.max(initial=0))) + 1
    if class_names is not None:
        k = max(k, len(class_names))
    cm = np.zeros((k, k), dtype=np.int64)
    np.add.at(cm, (t, p), 1)
    shown = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1) if normalize else cm
    names = [str(c) for c in class_names] if class_names is not None else [str(i) for i in range(k)]

    size = max(4.0, 0.5 * k + 1.5)
    fig = _figure(size + 1.0, size)
    ax = fig.subplots()
    im = ax.imshow(shown, cmap="Blues", vmin=0)
    fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    ax.set_xticks(range(k), names, rotation=45 if max(map(len, names)) > 2 else 0, ha="right"
                  if max(map(len, names)) > 2 else "center")
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    accuracy = np.trace(cm) / max(cm.sum(), 1)
    ax.set_title(title or f"confusion matrix (accuracy {accuracy:.1%})")
    if k <= 20:
        top = shown.max() if shown.size else 0
        for i in range(k):
            for j in range(k):
                text = f"{shown[i, j]:.2f}" if normalize else str(cm[i, j])
                ax.text(j, i, text, ha="center", va="center", fontsize=8,
                        color="white" if top and shown[i, j] > 0.6 * top else "black")
    fig.tight_layout()
    return _save(fig, path)


# ---------------------------------------------------------------------------
# parameter sweeps
# ---------------------------------------------------------------------------


def plot_sweep(
    values: Any,
    path: PathLike,
    rows: Sequence[Any] | None = None,
    cols: Sequence[Any] | None = None,
    row_label: str = "N",
    col_label: str = "N'",
    value_label: str = "accuracy",
    title: str | None = None,
    kind: str = "heatmap",
) -> Path:
    """A result (e.g. accuracy) as a function of two parameters, e.g. parity's N and N'.

    ``values`` is a 2-D array ``values[i][j]`` at ``rows[i]``, ``cols[j]``, or a
    mapping ``{(row_value, col_value): value}`` (missing pairs are left blank).
    ``kind="heatmap"``: rows on the y axis, columns on the x axis, values
    written in the cells; ``kind="lines"``: one line per row value against the
    column values.
    """
    if isinstance(values, Mapping):
        rows = list(rows) if rows is not None else sorted({k[0] for k in values})
        cols = list(cols) if cols is not None else sorted({k[1] for k in values})
        grid = np.full((len(rows), len(cols)), np.nan)
        for (r, c), v in values.items():
            grid[rows.index(r), cols.index(c)] = np.nan if v is None else float(v)
    else:
        grid = np.atleast_2d(np.asarray(values, dtype=float))
        rows = list(rows) if rows is not None else list(range(grid.shape[0]))
        cols = list(cols) if cols is not None else list(range(grid.shape[1]))
    if grid.shape != (len(rows), len(cols)):
        raise ShapeError(f"plot_sweep: values of shape {grid.shape} for {len(rows)} rows x {len(cols)} cols")
    if kind not in ("heatmap", "lines"):
        raise ValueError(f"plot_sweep: kind must be 'heatmap' or 'lines', got {kind!r}")

    title = title or f"{value_label} vs {row_label} and {col_label}"
    if kind == "lines":
        fig = _figure(6.4, 4.2)
        ax = fig.subplots()
        for i, r in enumerate(rows):
            ax.plot(cols, grid[i], marker="o", label=f"{row_label} = {r}")
        ax.set_xlabel(col_label)
        ax.set_ylabel(value_label)
        ax.grid(alpha=0.3)
        ax.legend()
    else:
        fig = _figure(max(4.0, 0.7 * len(cols) + 2.0), max(3.0, 0.5 * len(rows) + 1.5))
        ax = fig.subplots()
        im = ax.imshow(np.ma.masked_invalid(grid), cmap="viridis", aspect="auto", origin="lower")
        fig.colorbar(im, ax=ax, label=value_label)
        ax.set_xticks(range(len(cols)), [str(c) for c in cols])
        ax.set_yticks(range(len(rows)), [str(r) for r in rows])
        ax.set_xlabel(col_label)
        ax.set_ylabel(row_label)
        finite = grid[np.isfinite(grid)]
        mid = (finite.min() + finite.max()) / 2 if finite.size else 0
        if grid.size <= 400:
            for i in range(len(rows)):
                for j in range(len(cols)):
                    if np.isfinite(grid[i, j]):
                        ax.text(j, i, f"{grid[i, j]:.2f}", ha="center", va="center", fontsize=8,
                                color="black" if grid[i, j] > mid else "white")
    ax.set_title(title)
    fig.tight_layout()
    return _save(fig, path)


def plot_band(
    xs: Sequence[Any],
    mean: Sequence[float],
    low: Sequence[float],
    high: Sequence[float],
    path: PathLike,
    x_label: str = "x",
    y_label: str = "value",
    title: str | None = None,
) -> Path:
    """A line through ``mean`` at ``xs`` over a shaded band from ``low`` to ``high`` (e.g. over seeds).

    Numeric ``xs`` that span more than a factor of 20 (learning rates) get a log axis;
    other values are spaced evenly and labelled.
    """
    fig = _figure(6.4, 4.2)
    ax = fig.subplots()
    numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in xs)
    positions = list(xs) if numeric else list(range(len(xs)))
    ax.fill_between(positions, low, high, alpha=0.25, label="min - max")
    ax.plot(positions, mean, marker="o", label="mean")
    if numeric and min(xs) > 0 and max(xs) / min(xs) > 20:
        ax.set_xscale("log")
    if not numeric:
        ax.set_xticks(positions, [str(v) for v in xs])
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    ax.grid(alpha=0.3)
    ax.legend()
    ax.set_title(title or f"{y_label} vs {x_label}")
    fig.tight_layout()
    return _save(fig, path)


def plot_bars(labels: Sequence[str], values: Sequence[float], path: PathLike, y_label: str = "value",
              title: str | None = None) -> Path:
    """One bar per label, its value written above it (e.g. the success rate of each architecture)."""
    fig = _figure(max(4.0, 1.2 * len(labels) + 1.5), 4.0)
    ax = fig.subplots()
    bars = ax.bar(range(len(labels)), values, color="#4c72b0")
    ax.set_xticks(range(len(labels)), list(labels))
    for bar, value in zip(bars, values):
        ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), f"{value:.2f}", ha="center", va="bottom")
    ax.set_ylabel(y_label)
    ax.set_ylim(0, max([1.0, *values]) * 1.1)
    ax.grid(alpha=0.3, axis="y")
    ax.set_title(title or y_label)
    fig.tight_layout()
    return _save(fig, path)


# ---------------------------------------------------------------------------
# computational graph
# ---------------------------------------------------------------------------

_OP_SYMBOLS = {
    "add": "+", "sub": "−", "mul": "×", "div": "÷", "matmul": "@", "neg": "−x", "pow": "xⁿ",
    "sum": "Σ", "sum_dim": "Σ", "mean": "mean", "mean_dim": "mean", "sigmoid": "σ", "tanh": "tanh", "relu": "ReLU",
    "leaky_relu": "LReLU", "elu": "ELU", "exp": "exp", "log": "log", "sqrt": "√", "abs": "|x|",
    "softmax": "softmax", "log_softmax": "log\nsoftmax", "linear": "xW+b",
    "cross_entropy": "CE", "squared_error": "SE", "maximum": "max", "minimum": "min",
    "getitem": "[ ]", "reshape": "reshape", "transpose": "ᵀ", "concatenate": "concat",
}

_FONT = 9.0  # points
_CHAR_W = 0.61 * _FONT / 72  # inches per monospace character
_LINE_H = 1.25 * _FONT / 72  # inches per line
_VALUE_COLOR = "#1a7f37"
_GRAD_COLOR = "#c0392b"


def _fmt_number(v: float, precision: int) -> str:
    text = f"{v:.{precision}f}"
    if float(text) == 0:
        text = f"{0:.{precision}f}"  # no "-0.000"
    return text


def _fmt_array(a: Any, precision: int, max_size: int = 6) -> list[str]:
    """Lines of text showing ``a``: the number, a vector, a small matrix, or the shape."""
    a = np.asarray(a)
    if a.size == 1:
        return [_fmt_number(float(a.reshape(-1)[0]), precision)]
    if a.size > max_size or a.ndim > 2:
        return [f"shape {tuple(a.shape)}", f"|max| {_fmt_number(float(np.abs(a).max()), precision)}"]
    if a.ndim == 1:
        return ["[" + ", ".join(_fmt_number(float(v), precision) for v in a) + "]"]
    rows = [[_fmt_number(float(v), precision) for v in row] for row in a]
    width = max(len(c) for row in rows for c in row)
    lines = [", ".join(c.rjust(width) for c in row) for row in rows]
    last = len(lines) - 1
    return [("[" if i == 0 else " ") + "[" + ln + ("]]" if i == last else "],") for i, ln in enumerate(lines)]


def _topological(output: Tensor) -> list[Tensor]:
    """Every tensor reachable through ``.parents``, each after its parents (first parent first)."""
    return topological_order([output], lambda t: t.parents)


class _Node:
    __slots__ = ("kind", "tensor", "label", "above", "below", "col", "y", "w", "up", "down", "box_h",
                 "artist")

    def __init__(self, kind: str, tensor: Tensor, label: str, above: list[str], below: list[str]):
        self.kind, self.tensor, self.label = kind, tensor, label
        self.above, self.below = above, below
        self.col, self.y = 0, 0.0
        label_lines = label.split("\n")
        text_w = max(len(s) for s in [*label_lines, *above, *below]) * _CHAR_W
        if kind == "op":
            self.box_h = max(len(label_lines) * _LINE_H, max(len(s) for s in label_lines) * _CHAR_W) + 0.16
            self.w = max(text_w, self.box_h)
        else:
            self.box_h = len(label_lines) * _LINE_H + 0.14
            self.w = text_w + 0.16
        # y is the centre of the box; the value text sits above it, the gradient below
        self.up = self.box_h / 2 + len(above) * _LINE_H + 0.04
        self.down = self.box_h / 2 + len(below) * _LINE_H + 0.04
        self.artist: Any = None


def plot_graph(
    output: Tensor,
    path: PathLike,
    title: str | None = None,
    precision: int = 3,
    legend: bool = True,
) -> Path:
    """Draw the computational graph that produced ``output``, as recorded by the engine.

    Walks ``output.parents`` back to the leaves. Operations are circles
    (``@`` matmul, ``+`` add, ``σ`` sigmoid...); values are boxes named by
    ``Tensor.name`` (unnamed inputs ``in1``..., constants ``const``,
    intermediates ``t1``...), with the forward value above in green and the
    gradient ``∂L/∂value`` below in red once ``backward()`` has run. Call
    ``retain_grad()`` on intermediate tensors before ``backward()`` to see
    their gradients. Layout: left to right by depth, inputs on the left.
    """
    from ligero.tensor import Tensor

    if not isinstance(output, Tensor):
        raise TypeError(f"plot_graph: expected a Tensor, got {type(output).__name__}")
    order = _topological(output)
    values, ops = _graph_nodes(order, output, precision)
    _place_nodes(order, values, ops)
    nodes = list(values.values()) + list(ops.values())
    widths, centres, total_w = _column_layout(order, nodes, values, ops)
    first = min(n.y - n.up for n in nodes)  # layout y grows downwards
    last = max(n.y + n.down for n in nodes)
    header = 0.55 if title else 0.15
    footer = 0.45 if legend else 0.15
    total_h = last - first + header + footer

    fig = _figure(max(total_w, 3.0), total_h)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, max(total_w, 3.0))
    ax.set_ylim(0, total_h)
    ax.set_axis_off()
    _draw_nodes(ax, nodes, centres, lambda y: total_h - header - (y - first))  # first input on top
    for t in order:
        if t.parents:
            for p in dict.fromkeys(t.parents):  # an input used twice gets one arrow
                _draw_arrow(ax, values[id(p)], ops[id(t)], widths)
            _draw_arrow(ax, ops[id(t)], values[id(t)], widths)
    if title:
        ax.text(max(total_w, 3.0) / 2, total_h - 0.12, title, ha="center", va="top", fontsize=12,
                fontweight="bold")
    if legend:
        ax.text(0.15, 0.12, "green: forward value", color=_VALUE_COLOR, fontsize=8, va="bottom")
        out_name = values[id(output)].label
        ax.text(1.75, 0.12, f"red: gradient ∇ = ∂{out_name}/∂value",
                color=_GRAD_COLOR, fontsize=8, va="bottom")
    return _save(fig, path, dpi=130)


def _value_name(t: Tensor, output: Tensor, counters: dict[str, int]) -> str:
    """A value box's label: the tensor's name, ``out``, ``t1``... (intermediates), ``in1``... (inputs),
    a scalar constant's value, or ``const``."""
    if t.name:
        return t.name
    if t is output:
        return "out"
    if t.parents:
        counters["t"] += 1
        return f"t{counters['t']}"
    if t.requires_grad:
        counters["in"] += 1
        return f"in{counters['in']}"
    if t.array.size == 1:
        return f"{float(t.array.reshape(-1)[0]):g}"  # a constant shows as its value
    return "const"


def _graph_nodes(order: list[Tensor], output: Tensor, precision: int) -> tuple[dict[int, _Node], dict[int, _Node]]:
    """A value node per tensor (value above, gradient below), an op node per recorded operation."""
    values: dict[int, _Node] = {}
    ops: dict[int, _Node] = {}
    counters = {"in": 0, "t": 0}
    for t in order:
        name = _value_name(t, output, counters)
        scalar_const = not (t.name or t.parents or t.requires_grad) and t.array.size == 1
        above = [] if scalar_const else _fmt_array(t.array, precision)
        below = [] if t.grad_array is None else _prefix("∇ ", _fmt_array(t.grad_array, precision))
        values[id(t)] = _Node("value", t, name, above, below)
        if t.parents:
            ops[id(t)] = _Node("op", t, _OP_SYMBOLS.get(t.op or "", t.op or "?"), [], [])
    return values, ops


def _place_nodes(order: list[Tensor], values: dict[int, _Node], ops: dict[int, _Node]) -> None:
    """Columns: the longest path from the inputs, inputs just before their first consumer. Rows: inputs
    in depth-first order, every other node at the mean of its inputs; then overlaps pushed apart."""
    consumers: dict[int, list[int]] = {}
    for t in order:
        if t.parents:
            col = max(values[id(p)].col for p in t.parents) + 1
            ops[id(t)].col = col
            values[id(t)].col = col + 1
            for p in t.parents:
                consumers.setdefault(id(p), []).append(id(t))
    for t in order:
        if not t.parents and id(t) in consumers:
            values[id(t)].col = min(ops[c].col for c in consumers[id(t)]) - 1
    slot_h = max(n.up + n.down for n in values.values()) + 0.25
    slot = 0
    for t in order:
        if not t.parents:
            values[id(t)].y = slot * slot_h
            slot += 1
        else:
            y = float(np.mean([values[id(p)].y for p in t.parents]))
            ops[id(t)].y = values[id(t)].y = y
    _separate_columns(list(values.values()) + list(ops.values()))


def _column_layout(order: list[Tensor], nodes: list[_Node], values: dict[int, _Node],
                   ops: dict[int, _Node]) -> tuple[list[float], list[float], float]:
    """(column widths, column centres, total width) in inches: a wider gap between columns where edges
    climb or fall far."""
    ncols = max(n.col for n in nodes) + 1
    widths = [max((n.w for n in nodes if n.col == c), default=0.3) for c in range(ncols)]
    climb = [0.0] * ncols
    for t in order:
        for p in t.parents:
            src, dst = values[id(p)], ops[id(t)]
            for c in range(src.col, dst.col):
                climb[c] = max(climb[c], abs(src.y - dst.y))
    centres, x = [], 0.3
    for c, w in enumerate(widths):
        centres.append(x + w / 2)
        x += w + 0.45 + 0.25 * min(climb[c], 3.0)
    return widths, centres, centres[-1] + widths[-1] / 2 + 0.3


def _draw_nodes(ax: Any, nodes: list[_Node], centres: list[float], to_plot_y: Any) -> None:
    """Op circles and value boxes, the value text above a box and the gradient below."""
    mono = {"family": "DejaVu Sans Mono", "fontsize": _FONT}
    for n in nodes:
        cx, box_cy = centres[n.col], to_plot_y(n.y)
        top_of_box = box_cy + n.box_h / 2
        if n.kind == "op":
            n.artist = ax.text(cx, box_cy, n.label, ha="center", va="center", fontsize=_FONT + 1,
                               fontweight="bold", zorder=3, linespacing=1.0,
                               bbox={"boxstyle": "circle,pad=0.35", "fc": "#fdf2d0", "ec": "#b7950b"})
        else:
            is_leaf = not n.tensor.parents
            fc = "#dbe9f6" if is_leaf and n.tensor.requires_grad else ("#eeeeee" if is_leaf else "#ffffff")
            n.artist = ax.text(cx, box_cy, n.label, ha="center", va="center", fontsize=_FONT + 1,
                               fontweight="bold", zorder=3,
                               bbox={"boxstyle": "round,pad=0.3", "fc": fc, "ec": "#2c3e50"})
        if n.above:
            ax.text(cx, top_of_box + 0.04, "\n".join(n.above), ha="center", va="bottom",
                    color=_VALUE_COLOR, zorder=3, linespacing=1.1, **mono)
        if n.below:
            ax.text(cx, top_of_box - n.box_h - 0.04, "\n".join(n.below), ha="center", va="top",
                    color=_GRAD_COLOR, zorder=3, linespacing=1.1, **mono)


def _draw_arrow(ax: Any, a: _Node, b: _Node, widths: list[float]) -> None:
    """An edge that leaves the source's column horizontally, crosses the gap and enters the target's
    column horizontally: the diagonal stays between columns, clear of the value/gradient texts."""
    arm_a = (widths[a.col] / 2 + 0.1) * 72
    arm_b = (widths[b.col] / 2 + 0.1) * 72
    style = f"arc,angleA=0,angleB=180,armA={arm_a:.1f},armB={arm_b:.1f},rad=4"
    if abs(a.y - b.y) < 1e-6:
        style = "arc3,rad=0"
    ax.annotate(
        "", xy=(0.5, 0.5), xycoords=b.artist, xytext=(0.5, 0.5), textcoords=a.artist,
        arrowprops={"arrowstyle": "-|>", "color": "#34495e", "lw": 1.1, "shrinkA": 2, "shrinkB": 2,
                    "patchA": a.artist.get_bbox_patch(), "patchB": b.artist.get_bbox_patch(),
                    "mutation_scale": 11, "connectionstyle": style},
        zorder=4,
    )


def _prefix(prefix: str, lines: list[str]) -> list[str]:
    pad = " " * len(prefix)
    return [(prefix if i == 0 else pad) + ln for i, ln in enumerate(lines)]


def _separate_columns(nodes: list[_Node], gap: float = 0.2) -> None:
    """Push apart nodes of one column that would overlap vertically (keeping their order)."""
    by_col: dict[int, list[_Node]] = {}
    for n in nodes:
        by_col.setdefault(n.col, []).append(n)
    for col_nodes in by_col.values():
        col_nodes.sort(key=lambda n: n.y)
        for a, b in zip(col_nodes, col_nodes[1:]):
            need = a.down + b.up + gap
            if b.y - a.y < need:
                b.y = a.y + need
