"""``keras.config``: global settings (the float type)."""

def floatx() -> str:
    """The default float type of new weights: ``"float32"``."""
    return "float32"


__all__ = ["floatx"]
