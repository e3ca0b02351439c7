"""``keras.config``: global settings (the float type, the image data format, the fuzz factor)."""

from ligero import losses as _losses
from ligero.errors import ConfigError
from ligero.layers.data_format import image_data_format, set_image_data_format


def backend() -> str:
    """The name of the engine: ``"numpy"`` (ligero's; real Keras names its backend here)."""
    return "numpy"


def floatx() -> str:
    """The default float type of new weights: ``"float32"``."""
    return "float32"


def set_floatx(value: str) -> None:
    """Keras's: set the default float type. ligero's Keras face keeps float32 weights: other types are refused."""
    if str(value) != "float32":
        raise ConfigError(f"set_floatx({value!r}): ligero's Keras face builds float32 weights only; cast inputs "
                          "and weights yourself for another precision")


def epsilon() -> float:
    """The fuzz factor of the losses (``1e-7`` unless :func:`set_epsilon` changed it), as Keras's."""
    return _losses.EPSILON


def set_epsilon(value: float) -> None:
    """Set the fuzz factor the losses clip probabilities with."""
    _losses.EPSILON = float(value)


__all__ = ["backend", "epsilon", "floatx", "image_data_format", "set_epsilon", "set_floatx", "set_image_data_format"]
