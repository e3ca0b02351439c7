"""``keras.models``: Sequential, the functional Model, subclassing, cloning, JSON and loading saved models."""

from ligero.models import Model, Sequential, load_model
from ligero.models.model import clone_model, model_from_config, model_from_json

__all__ = ["Model", "Sequential", "clone_model", "load_model", "model_from_config", "model_from_json"]
