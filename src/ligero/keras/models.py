"""``keras.models``: Sequential, the functional Model, subclassing, and loading saved models."""

from ligero.models import Model, Sequential, load_model

__all__ = ["Model", "Sequential", "load_model"]
