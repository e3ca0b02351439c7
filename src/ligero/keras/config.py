"""``keras.config``: global settings (the float type, the image data format)."""

from ligero.layers.data_format import image_data_format, set_image_data_format


def floatx() -> str:
    """The default float type of new weights: ``"float32"``."""
    return "float32"


__all__ = ["floatx", "image_data_format", "set_image_data_format"]
