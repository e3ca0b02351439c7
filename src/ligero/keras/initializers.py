"""``keras.initializers``: re-exports ligero's one implementation, ``ligero.initializers``, with
Keras's ``serialize``/``deserialize`` (the ``{"module", "class_name", "config"}`` form)."""

from typing import Any

from ligero.initializers import *  # noqa: F403 - this module is the public face of ligero.initializers
from ligero.initializers import __all__ as _ALL
from ligero.initializers import get, keras_config


def serialize(initializer: Any) -> dict[str, Any]:
    """Keras's description of ``initializer``: ``{"module", "class_name", "config", "registered_name"}``."""
    return keras_config(initializer)


def deserialize(config: Any, custom_objects: dict[str, Any] | None = None) -> Any:
    """The initializer ``config`` describes (Keras's form, ligero's ``{"name": ...}`` form or a name);
    ``custom_objects`` maps class names to your own initializer classes."""
    if isinstance(config, dict) and custom_objects and config.get("class_name") in custom_objects:
        return custom_objects[config["class_name"]].from_config(config.get("config") or {})
    return get(config)


__all__ = [*_ALL, "deserialize"]
