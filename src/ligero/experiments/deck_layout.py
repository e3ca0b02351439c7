"""A convolutional network listed the way the USC deck lists one, with N = (W − F + 2P)/S + 1.

The deck writes a ConvNet as a sequence of volumes ``[height, width, depth]``::

    INPUT [32,32,3] → CONV [32,32,12] → RELU [32,32,12] → POOL [16,16,12] → FC [1,1,10]

and sizes every CONV and POOL output with ``N = (W − F + 2P)/S + 1`` (input
width W, filter size F, zero padding P, stride S; Keras's ``"same"`` padding
with stride 1 is P = (F − 1)/2, ``"valid"`` is P = 0). A fully connected layer
is a CONV whose filter covers its whole input (F = W, P = 0, S = 1), so
N = 1: its volume is ``[1,1,units]``.

:func:`deck_layout` reads the layers of a built Keras-face model (channels
last or first) and returns one :class:`DeckRow` per deck entry; each row's
shape is the layer's real output shape, and :attr:`DeckRow.computed` is what
the formula gives, so the two can be checked against each other.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ligero.errors import ConfigError
from ligero.experiments._run import text_table

HEADERS = ("layer", "output [H,W,D]", "N = (W − F + 2P)/S + 1")


@dataclass(frozen=True)
class DeckRow:
    """One entry of the deck's listing.

    Attributes:
        name: ``INPUT``, ``CONV``, ``RELU``, ``POOL``, ``FC``, ``DROPOUT``...
        shape: the layer's output volume ``(height, width, depth)``.
        formula: the size formula with this layer's numbers ("" where none applies).
        computed: the width the formula gives (``None`` where none applies).
    """

    name: str
    shape: tuple[int, int, int]
    formula: str = ""
    computed: int | None = None

    def volume(self) -> str:
        """The volume as the deck prints it: ``[32,32,12]``."""
        return "[" + ",".join(str(d) for d in self.shape) + "]"


def output_size(width: int, filter_size: int, padding: float, stride: int) -> int:
    """N = (W − F + 2P)/S + 1, rounded down (Keras drops a last incomplete window)."""
    return math.floor((width - filter_size + 2 * padding) / stride) + 1


def size_formula(width: int, filter_size: int, padding: float, stride: int) -> tuple[str, int]:
    """The formula written out with the numbers, and its value: ``("(32 − 3 + 2·1)/1 + 1 = 32", 32)``."""
    n = output_size(width, filter_size, padding, stride)
    p = f"{padding:g}"
    return f"({width} − {filter_size} + 2·{p})/{stride} + 1 = {n}", n


def _padding(layer: Any, width: int, filter_size: int, stride: int) -> float:
    """The deck's P of a ``"valid"`` (0) or ``"same"`` layer (half the zeros Keras adds)."""
    if layer.padding == "valid":
        return 0.0
    if layer.padding != "same":
        raise ConfigError(f"deck layout: {layer.name}: padding {layer.padding!r} has no deck formula")
    total = max((math.ceil(width / stride) - 1) * stride + filter_size - width, 0)
    return total / 2


def _hwd(shape: Sequence[int], channels_first: bool) -> tuple[int, int, int]:
    """A layer's output shape (batch excluded) as the deck's ``(height, width, depth)``."""
    shape = tuple(int(d) for d in shape)
    if len(shape) == 1:
        return (1, 1, shape[0])
    if len(shape) != 3:
        raise ConfigError(f"deck layout: a volume has 1 or 3 dimensions, got shape {shape}")
    return (shape[1], shape[2], shape[0]) if channels_first else shape  # type: ignore[return-value]


def _activation_name(layer: Any) -> str:
    activation = getattr(layer, "activation", None)
    if activation is None:
        return "linear"
    config = activation.get_config() if hasattr(activation, "get_config") else {}
    return str(config.get("name", getattr(activation, "__name__", "activation")))


def _window_row(layer: Any, name: str, volume: tuple[int, int, int], size: tuple[int, int],
                strides: tuple[int, int], out: tuple[int, int, int]) -> DeckRow:
    """A CONV or POOL row: the formula over the width (and the height where it differs)."""
    parts, computed = [], []
    for axis, label in ((1, "W"), (0, "H")):
        p = _padding(layer, volume[axis], size[axis], strides[axis])
        text, n = size_formula(volume[axis], size[axis], p, strides[axis])
        computed.append(n)
        if axis == 1 or (volume[0], size[0], strides[0]) != (volume[1], size[1], strides[1]):
            parts.append(text if axis == 1 else f"{label}: {text}")
    detail = f"{size[0]}×{size[1]}, stride {strides[1]}: "
    if name == "CONV":
        detail = f"{size[0]}×{size[1]}×{volume[2]}, {layer.filters} filters, stride {strides[1]}: "
    return DeckRow(name, out, detail + "; ".join(parts), computed[0])


def deck_layout(model: Any) -> list[DeckRow]:
    """The deck's listing of a built Sequential model: INPUT, then one row per layer (and activation).

    A Conv2D or Dense with an activation other than linear gets a row of its
    own for the activation (``RELU``), as in the deck; softmax stays in the FC
    row (it is part of the classifier's loss). Flatten adds no row.
    """
    layers = list(model.layers)
    if not layers or layers[0].input_shape is None:
        raise ConfigError("deck layout: the model has no layers or is not built (give the first one input_shape)")
    first = layers[0]
    channels_first = getattr(first, "data_format", "channels_last") == "channels_first"
    volume = _hwd(first.input_shape, channels_first)
    rows = [DeckRow("INPUT", volume)]
    for layer in layers:
        kind = type(layer).__name__
        layer_first = getattr(layer, "data_format", "channels_first" if channels_first else "channels_last")
        out = _hwd(layer.output_shape, layer_first == "channels_first")
        if kind == "Flatten":
            continue
        if kind.startswith("Conv"):
            rows.append(_window_row(layer, "CONV", volume, layer.kernel_size, layer.strides, out))
        elif kind.endswith("Pooling2D"):
            rows.append(_window_row(layer, "POOL", volume, layer.pool_size, layer.strides, out))
        elif kind == "Dense":
            text, n = size_formula(volume[1], volume[1], 0, 1)
            rows.append(DeckRow("FC", out,
                                f"F = W = {volume[1]}, the whole input: {text}", n))
        else:
            name = "DROPOUT" if kind == "Dropout" else _activation_name(layer).upper() if kind == "Activation" \
                else kind.upper()
            rows.append(DeckRow(name, out))
        if kind != "Activation" and _activation_name(layer) not in ("linear", "softmax"):
            rows.append(DeckRow(_activation_name(layer).upper(), out))
        volume = out
    return rows


def layout_text(rows: Sequence[DeckRow]) -> str:
    """The listing as an aligned text table (layer, volume, formula)."""
    return text_table(HEADERS, [(r.name, r.volume(), r.formula) for r in rows])


def layout_line(rows: Sequence[DeckRow]) -> str:
    """The listing on one line: ``INPUT [32,32,3] → CONV [32,32,12] → ...``."""
    return " → ".join(f"{r.name} {r.volume()}" for r in rows)
