"""``keras.models``: Sequential, the functional Model, subclassing, cloning, JSON and loading saved models."""

from ligero.models import Model, Sequential, load_model
from ligero.models.model import clone_model, model_from_config, model_from_json
from ligero.models.saving import save_model

__all__ = ["Model", "Sequential", "clone_model", "load_model", "model_from_config", "model_from_json", "save_model"]
