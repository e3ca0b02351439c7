"""``keras.saving``: saving and loading whole models, in Keras 3's ``.keras`` format or ligero's own.

``load_model("m.keras", custom_objects=None, compile=True, safe_mode=True)``
reads Keras 3's files (and ligero's ``.ligero`` files); custom layers are
found through ``custom_objects=`` or :func:`register_keras_serializable`.
"""

from __future__ import annotations

from typing import Any

from ligero.errors import ConfigError
from ligero.keras._registry import (
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
)
from ligero.models.saving import load_model, save_model


def save_weights(model: Any, filepath: Any) -> None:
    """``model.save_weights(filepath)``."""
    model.save_weights(filepath)


def load_weights(model: Any, filepath: Any) -> None:
    """``model.load_weights(filepath)``."""
    model.load_weights(filepath)


def serialize_keras_object(obj: Any) -> Any:
    """Keras's description of a layer (``{"module", "class_name", "config", "registered_name"}``); plain data stays."""
    from ligero.keras._keras_config import layer_config
    from ligero.layers.base import Layer

    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(o) for o in obj]
    if isinstance(obj, Layer):
        return layer_config(obj)
    raise ConfigError(f"serialize_keras_object: cannot describe a {type(obj).__name__}")


def deserialize_keras_object(config: Any, custom_objects: dict[str, Any] | None = None, safe_mode: bool = True,
                             **kwargs: Any) -> Any:
    """The layer a :func:`serialize_keras_object` description stands for (looked up, never imported)."""
    from ligero.keras._keras_config import layer_from_config

    if config is None or isinstance(config, (str, int, float, bool)):
        return config
    if isinstance(config, list):
        return [deserialize_keras_object(c, custom_objects, safe_mode) for c in config]
    if isinstance(config, dict) and "class_name" in config:
        return layer_from_config(config, custom_objects, safe_mode)
    raise ConfigError(f"deserialize_keras_object: not a Keras object description: {config!r:.80}")


__all__ = ["CustomObjectScope", "custom_object_scope", "deserialize_keras_object", "get_custom_objects",
           "get_registered_name", "get_registered_object", "load_model", "load_weights", "register_keras_serializable",
           "save_model", "save_weights", "serialize_keras_object"]
