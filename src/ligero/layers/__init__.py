"""Keras-style layers. Each is also a :class:`ligero.nn.Module`.

``layers.get_class(name)`` finds a layer class by its class name (used when a
saved model is rebuilt); layer modules added later register themselves here.
"""

from typing import Any

from ligero.errors import ConfigError
from ligero.layers.base import Input, InputLayer, Layer, SymbolicTensor, clear_session
from ligero.layers.core import Activation, Concatenate, Dense, Dropout, Flatten, Identity, KernelLayer, Lambda, Reshape

_EXTRA_MODULES = ("ligero.layers.conv", "ligero.layers.pooling", "ligero.layers.normalization",
                  "ligero.layers.augmentation")

__all__ = ["Activation", "Concatenate", "Dense", "Dropout", "Flatten", "Identity", "Input", "InputLayer",
           "KernelLayer", "Lambda", "Layer", "Reshape", "SymbolicTensor"]

for _module_name in _EXTRA_MODULES:
    try:
        _module = __import__(_module_name, fromlist=["*"])
    except ModuleNotFoundError as _exc:
        if _exc.name != _module_name:
            raise
        continue
    for _name in getattr(_module, "__all__", ()):
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)


def get_class(name: str) -> Any:
    """The layer class called ``name`` (for rebuilding saved models)."""
    found = globals().get(name)
    if isinstance(found, type) and issubclass(found, Layer):
        return found
    raise ConfigError(f"unknown layer class {name!r} in a saved model")
