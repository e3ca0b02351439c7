"""Custom objects that Keras files may name: ``register_keras_serializable`` and ``get_custom_objects``.

A ``.keras`` file names each layer by ``class_name`` (and, for a registered
custom class, ``registered_name`` = ``"package>Name"``). Loading looks the names
up here (and in ``custom_objects=``) and in ``keras.layers``; nothing else is
ever imported, whatever ``module`` the file gives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_CUSTOM_OBJECTS: dict[str, Any] = {}


def register_keras_serializable(package: str = "Custom", name: str | None = None) -> Callable[[Any], Any]:
    """Decorator: make a class (or function) loadable from Keras files as ``"package>name"``."""
    def decorator(obj: Any) -> Any:
        registered = f"{package}>{name or obj.__name__}"
        if registered in _CUSTOM_OBJECTS and _CUSTOM_OBJECTS[registered] is not obj:
            raise ValueError(f"{registered} has already been registered to {_CUSTOM_OBJECTS[registered]}")
        _CUSTOM_OBJECTS[registered] = obj
        obj._keras_registered_name = registered
        return obj
    return decorator


def get_custom_objects() -> dict[str, Any]:
    """The global registry (a live dict: adding to it registers, as in Keras)."""
    return _CUSTOM_OBJECTS


def get_registered_name(obj: Any) -> str:
    """``"package>Name"`` for a registered object, else its class (or function) name."""
    return getattr(obj, "_keras_registered_name", None) or getattr(obj, "__name__", type(obj).__name__)


def lookup(class_name: str, registered_name: str | None, custom_objects: dict[str, Any] | None) -> Any:
    """The custom object a file's names refer to, or None."""
    for table in (custom_objects or {}, _CUSTOM_OBJECTS):
        for key in (registered_name, class_name):
            if key and key in table:
                return table[key]
    return None


def class_names(module: Any) -> list[str]:
    """The public class names of a ``keras.*`` module (the names a file may give): what an
    unknown-name error lists and matches against."""
    names = getattr(module, "__all__", None) or [n for n in dir(module) if not n.startswith("_")]
    return sorted(n for n in names if isinstance(getattr(module, n, None), type))


def get_registered_object(name: str, custom_objects: dict[str, Any] | None = None,
                          module_objects: dict[str, Any] | None = None) -> Any:
    """The object registered (or given) under ``name``, or None (Keras's lookup order)."""
    for table in (custom_objects or {}, _CUSTOM_OBJECTS, module_objects or {}):
        if name in table:
            return table[name]
    return None


class CustomObjectScope:
    """``with custom_object_scope({"MyLayer": MyLayer}): ...``: the objects count as registered inside the
    block (by their plain names), and the registry is as before after it."""

    def __init__(self, *objects: dict[str, Any] | None) -> None:
        self.objects = [o for o in objects if o]

    def __enter__(self) -> CustomObjectScope:
        self.previous = dict(_CUSTOM_OBJECTS)
        for table in self.objects:
            _CUSTOM_OBJECTS.update(table)
        return self

    def __exit__(self, *exc: Any) -> None:
        _CUSTOM_OBJECTS.clear()
        _CUSTOM_OBJECTS.update(self.previous)


custom_object_scope = CustomObjectScope
