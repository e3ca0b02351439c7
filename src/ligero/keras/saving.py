"""``keras.saving``: saving and loading whole models."""

from ligero.models.saving import load_model

__all__ = ["load_model"]
