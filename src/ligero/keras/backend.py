"""``keras.backend``: session state shared by the layers (their automatic names) and the constants."""

from ligero.layers.base import clear_session
from ligero.losses import EPSILON


def epsilon() -> float:
    """The fuzz factor of the losses and metrics (``1e-7``, as Keras's)."""
    return EPSILON


def floatx() -> str:
    """The default float type: ``"float32"``."""
    return "float32"


def backend() -> str:
    """The name of the engine: ``"numpy"`` (ligero's)."""
    return "numpy"


__all__ = ["backend", "clear_session", "epsilon", "floatx"]
