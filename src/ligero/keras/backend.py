"""``keras.backend``: session state shared by the layers (their automatic names) and the constants."""

from typing import Any

from ligero.keras.config import (
    backend,
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
    set_image_data_format,
)
from ligero.layers.base import clear_session, is_symbolic


def is_keras_tensor(x: Any) -> bool:
    """Whether ``x`` is a symbolic tensor of a functional model (``keras.Input(...)`` and what it feeds)."""
    return is_symbolic(x)


__all__ = ["backend", "clear_session", "epsilon", "floatx", "image_data_format", "is_keras_tensor", "set_epsilon",
           "set_floatx", "set_image_data_format"]
