"""The image data format (Keras's ``keras.config.image_data_format``) and the argument checks the
image layers share: ``data_format``, integer tuples, padding modes and the layout heuristic.

``"channels_last"`` (the default) is (N, H, W, C); ``"channels_first"`` is (N, C, H, W).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.errors import ConfigError, ShapeError

_FORMATS = ("channels_last", "channels_first")
_STATE = {"image_data_format": "channels_last"}

__all__ = ["image_data_format", "set_image_data_format", "standardize_data_format"]


def image_data_format() -> str:
    """The default ``data_format`` of image layers: ``"channels_last"`` unless set otherwise."""
    return _STATE["image_data_format"]


def set_image_data_format(data_format: str) -> None:
    """Set the default ``data_format`` (``"channels_last"`` or ``"channels_first"``) of new image layers."""
    _STATE["image_data_format"] = _check_format(data_format)


def _check_format(value: Any) -> str:
    fmt = str(value).lower() if isinstance(value, str) else value
    if fmt not in _FORMATS:
        raise ConfigError(f"data_format must be 'channels_last' or 'channels_first', got {value!r}")
    return fmt


def standardize_data_format(data_format: str | None) -> str:
    """``data_format`` checked, with ``None`` meaning :func:`image_data_format`."""
    return image_data_format() if data_format is None else _check_format(data_format)


def int_tuple(value: Any, rank: int, what: str, minimum: int = 1) -> tuple[int, ...]:
    """``3`` -> ``(3,)*rank``; a sequence of ``rank`` ints stays; all ``>= minimum``, else ConfigError."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = (int(value),) * rank
    try:
        dims = tuple(value)
    except TypeError:
        dims = ()
    if len(dims) != rank or not all(
        isinstance(d, (int, np.integer)) and not isinstance(d, bool) and d >= minimum for d in dims
    ):
        raise ConfigError(f"{what} must be an int or a tuple of {rank} ints >= {minimum}, got {value!r}")
    return tuple(int(d) for d in dims)


def standardize_padding(padding: Any, what: str, allow_causal: bool = False) -> str:
    """``"valid"``, ``"same"`` (or ``"causal"`` where allowed), case-insensitive."""
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    mode = padding.lower() if isinstance(padding, str) else padding
    if mode not in allowed:
        raise ConfigError(f"{what}: padding must be one of {', '.join(map(repr, allowed))}, got {padding!r}")
    return mode


def looks_transposed(input_shape: tuple[int, ...], data_format: str) -> bool:
    """Whether images of ``input_shape`` (batch excluded, H, W and C in ``data_format``'s order) look
    like the other layout: the axis read as channels is much larger (8x) than both spatial sides,
    while the axis at the other end is 1, 3 or 4 (grey, RGB, RGBA) and 8x smaller than both others."""
    if len(input_shape) != 3 or None in input_shape:
        return False
    first, middle, last = input_shape
    small, others = (first, (middle, last)) if data_format == "channels_last" else (last, (first, middle))
    return small in (1, 3, 4) and all(d >= 8 * small for d in others)


def check_image_input(layer: Any, input_shape: tuple[int, ...], rank: int, data_format: str) -> None:
    """ShapeError naming ``layer`` unless ``input_shape`` has ``rank`` spatial axes plus channels,
    and one saying which layout it looks like when it looks like the other one."""
    kind = type(layer).__name__
    if len(input_shape) != rank + 1:
        axes = {1: "steps", 2: "height, width"}.get(rank, "d1, d2, d3")
        want = f"(None, {axes}, channels)" if data_format == "channels_last" else f"(None, channels, {axes})"
        raise ShapeError(f"layer '{layer.name}' ({kind}) expects inputs of shape {want} ({data_format}) "
                         f"but received {(None, *input_shape)}")
    if rank == 2 and looks_transposed(input_shape, data_format):
        other = "channels_first" if data_format == "channels_last" else "channels_last"
        raise ShapeError(
            f"layer '{layer.name}' ({kind}) uses data_format='{data_format}' but its input of shape "
            f"{(None, *input_shape)} looks {other} ({'(N, C, H, W)' if other == 'channels_first' else '(N, H, W, C)'}"
            f"); pass data_format='{other}' to the layer, call "
            f"keras.config.set_image_data_format('{other}') before building the model, or transpose the data"
        )


def layout_hint(got: tuple[int, ...], expected: tuple[Any, ...]) -> str:
    """A sentence for images of shape ``got`` given to a model expecting ``expected`` (both with the
    batch axis) when one is the other with the channel axis moved to the other end, else ``""``.

    (N, C, H, W) data for a (None, H, W, C) model: transpose with ``x.transpose(0, 2, 3, 1)``, or
    build the model channels_first; the reverse: ``x.transpose(0, 3, 1, 2)``, or build it channels_last.
    """
    sample, want = tuple(got[1:]), tuple(expected[1:])
    if len(sample) != 3 or len(want) != 3 or sample == want:
        return ""
    if sample == (want[2], want[0], want[1]):
        seen, meant, axes = "channels_first (N, C, H, W)", "channels_last (N, H, W, C)", "(0, 2, 3, 1)"
    elif sample == (want[1], want[2], want[0]):
        seen, meant, axes = "channels_last (N, H, W, C)", "channels_first (N, C, H, W)", "(0, 3, 1, 2)"
    else:
        return ""
    other = seen.split()[0]
    return (f"; the data looks {seen} but the model expects {meant}: transpose it with x.transpose{axes}, "
            f"or build the model for inputs of shape {sample} with data_format='{other}' on its image layers "
            f"(or keras.config.set_image_data_format('{other}') before building it)")


def channel_axis(data_format: str) -> int:
    """The channel axis of a batch (-1 for channels_last, 1 for channels_first)."""
    return -1 if data_format == "channels_last" else 1
