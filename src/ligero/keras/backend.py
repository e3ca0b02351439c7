"""``keras.backend``: session state shared by the layers (their automatic names)."""

from ligero.layers.base import clear_session

__all__ = ["clear_session"]
