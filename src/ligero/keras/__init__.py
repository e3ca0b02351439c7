"""The Keras face: ``import ligero.keras as keras`` runs Keras 3 programs on NumPy.

Each submodule mirrors the Keras 3 module of the same name (``keras.layers``,
``keras.losses``, ...) and re-exports ligero's one implementation of each name;
nothing here is a second copy. See ``docs/architecture.md``.
"""

from ligero.keras import (
    activations,
    backend,
    callbacks,
    config,
    constraints,
    datasets,
    initializers,
    layers,
    losses,
    metrics,
    models,
    ops,
    optimizers,
    random,
    regularizers,
    saving,
    utils,
)
from ligero.keras.layers import Input, InputLayer, Layer
from ligero.keras.models import Model, Sequential
from ligero.keras.saving import load_model
from ligero.keras.variables import Variable
from ligero.losses import Loss
from ligero.metrics import Metric

__all__ = [
    "Input", "InputLayer", "Layer", "Loss", "Metric", "Model", "Sequential", "Variable", "activations", "backend",
    "callbacks", "config", "constraints", "datasets", "initializers", "layers", "load_model", "losses", "metrics",
    "models", "ops", "optimizers", "regularizers", "saving", "utils",
]
