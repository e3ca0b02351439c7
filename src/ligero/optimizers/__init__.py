"""Optimizers: one update rule per algorithm (:mod:`.rules`), the Keras face over them, schedules.

``keras.optimizers`` is this package; ``ligero.optim`` (the PyTorch face) calls
the same rules. ``get``/``serialize``/``deserialize`` read and write Keras's
``{"module", "class_name", "config", "registered_name"}`` form (and ligero's
older ``{"name": "sgd", "lr": ...}`` one).
"""

from __future__ import annotations

from typing import Any

from ligero.errors import ConfigError, unknown_name
from ligero.optimizers import rules, schedules
from ligero.optimizers.base import Optimizer, ParamState, _snake
from ligero.optimizers.keras_optimizers import (
    SGD,
    Adadelta,
    Adagrad,
    Adam,
    Adamax,
    AdamW,
    Lion,
    Nadam,
    RMSprop,
)

_CLASSES: tuple[type[Optimizer], ...] = (SGD, RMSprop, Adam, AdamW, Adagrad, Adadelta, Adamax, Nadam, Lion)
_BY_NAME: dict[str, type[Optimizer]] = {cls.__name__.lower(): cls for cls in _CLASSES}
# Keras's default instance names (``rm_sprop``, ``adam_w``) name their class too
_BY_NAME.update({_snake(cls.__name__): cls for cls in _CLASSES})


def get(identifier: Any) -> Optimizer:
    """An optimizer from a name (``"sgd"``, ``"adam"``...), a config dict, a class or an instance.

    A name gives the class with its default settings. A dict is Keras's
    ``{"class_name": "SGD", "config": {...}}`` (what :func:`serialize` writes) or
    ligero's older ``{"name": "sgd", "lr": 0.1, ...}``. An instance is returned as it is.
    """
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Optimizer):
        return identifier()
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return _lookup(identifier)()
    raise ConfigError(f"an optimizer must be a name, a config dict or an Optimizer, got {identifier!r}")


def serialize(optimizer: Optimizer) -> dict[str, Any]:
    """Keras's serialized form of an optimizer (``get``/``deserialize`` rebuild it, unbound)."""
    if not isinstance(optimizer, Optimizer):
        raise ConfigError(f"cannot serialize {optimizer!r}: not a ligero Optimizer")
    name = type(optimizer).__name__
    return {"module": "keras.optimizers", "class_name": name, "config": optimizer.get_config(),
            "registered_name": None if name.lower() in _BY_NAME else name}


def deserialize(config: dict[str, Any], custom_objects: dict[str, Any] | None = None) -> Optimizer:
    """An optimizer from :func:`serialize`'s output (or ligero's older config dict)."""
    config = dict(config)
    if "class_name" in config:
        name, kwargs = config["class_name"], dict(config.get("config", {}))
        cls = (custom_objects or {}).get(name) or _lookup(name)
    else:  # ligero's older form: the name is the class
        name = config.pop("name", None)
        cls, kwargs = _lookup(name), config
    try:
        return cls.from_config(kwargs)
    except TypeError as exc:
        raise ConfigError(f"optimizer {name!r}: bad settings {kwargs}: {exc}") from None


def _lookup(name: Any) -> type[Optimizer]:
    cls = _BY_NAME.get(str(name).lower()) if name is not None else None
    if cls is None:
        raise unknown_name("optimizer", name, (cls.__name__.lower() for cls in _CLASSES))
    return cls


__all__ = [
    "SGD", "Adadelta", "Adagrad", "Adam", "AdamW", "Adamax", "Lion", "Nadam", "Optimizer", "ParamState", "RMSprop",
    "deserialize", "get", "rules", "schedules", "serialize",
]
