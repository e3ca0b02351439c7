"""The ``compile_config`` of a ``.keras`` file: optimizer, loss and metrics, written and read as Keras 3 does."""

from __future__ import annotations

import inspect
from typing import Any

from ligero.errors import ConfigError, unknown_name
from ligero.keras import _registry
from ligero.keras._registry import class_names

_COMMON = {"weight_decay": None, "clipnorm": None, "global_clipnorm": None, "clipvalue": None, "use_ema": False,
           "ema_momentum": 0.99, "ema_overwrite_frequency": None, "loss_scale_factor": None,
           "gradient_accumulation_steps": None}
OPTIMIZER_KEYS: dict[str, dict[str, Any]] = {
    "SGD": {"momentum": 0.0, "nesterov": False},
    "Adam": {"beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": False},
    "AdamW": {"beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": False},
    "RMSprop": {"rho": 0.9, "momentum": 0.0, "epsilon": 1e-7, "centered": False},
    "Adagrad": {"initial_accumulator_value": 0.1, "epsilon": 1e-7},
}
"""Keras 3's optimizer-specific config keys and defaults."""

_CLASS_NAMES = {"sgd": "SGD", "adam": "Adam", "adamw": "AdamW", "rmsprop": "RMSprop", "adagrad": "Adagrad"}


def optimizer_config(optimizer: Any) -> dict[str, Any]:
    """Keras's serialized optimizer for a ligero one."""
    class_name = _CLASS_NAMES.get(type(optimizer).__name__.lower(), type(optimizer).__name__)
    own = dict(optimizer.get_config()) if hasattr(optimizer, "get_config") else {}
    learning_rate = own.get("learning_rate", own.get("lr", getattr(optimizer, "learning_rate", 0.01)))
    config = {"name": str(own.get("name", class_name.lower())).lower(), "learning_rate": float(learning_rate),
              **_COMMON}
    config.update({k: own.get(k, getattr(optimizer, k, default)) for k, default in
                   OPTIMIZER_KEYS.get(class_name, {}).items()})
    config["weight_decay"] = own.get("weight_decay") or None
    return {"module": "keras.optimizers", "class_name": class_name, "config": config, "registered_name": None}


def _user_function(obj: Any) -> Any:
    """The user's own function behind a loss or metric (bare or wrapped by ligero), else None."""
    fn = getattr(obj, "fn", obj)
    if inspect.isfunction(fn) and not fn.__module__.startswith("ligero."):
        return fn
    return None


def _function_spec(fn: Any) -> dict[str, Any]:
    """A function as Keras writes it in a compile config: by its registered (or plain) name."""
    return {"module": "builtins", "class_name": "function", "config": _registry.get_registered_name(fn),
            "registered_name": "function"}


def _function_from_config(spec: dict[str, Any], custom_objects: dict[str, Any] | None, what: str) -> Any:
    """The function a file's compile config names, from ``custom_objects`` or the registry."""
    name = str(spec.get("config"))
    found = _registry.lookup(name, None, custom_objects) or _registry.lookup(name.split(">")[-1], None,
                                                                              custom_objects)
    if found is None:
        raise ConfigError(f"the file's {what} function {name!r} is not in custom_objects= nor registered with "
                          "keras.saving.register_keras_serializable()")
    return found


def _loss_spec(loss: Any) -> Any:
    if loss is None or isinstance(loss, str):
        return loss
    if (fn := _user_function(loss)) is not None:
        return _function_spec(fn)
    try:
        config = dict(loss.get_config())
    except (AttributeError, ConfigError):
        raise ConfigError(f"cannot save the custom loss {loss!r} in a .keras file") from None
    name = config.pop("name", None)
    if not config.get("from_logits"):
        return name
    class_name = "".join(p.capitalize() for p in str(name).split("_")).replace("Crossentropy", "Crossentropy")
    return {"module": "keras.losses", "class_name": class_name, "config": {"name": name, **config},
            "registered_name": None}


def _metric_spec(metric: Any) -> Any:
    """A compiled metric as Keras writes it: its name, or a ``keras.metrics`` class with its config
    (a metric that is not one of ligero's classes, such as a function, is left out)."""
    from ligero.keras import metrics

    if isinstance(metric, str):
        return metric
    if (fn := _user_function(metric)) is not None:
        return _function_spec(fn)
    class_name = type(metric).__name__
    if getattr(metrics, class_name, None) is not type(metric) or not hasattr(metric, "get_config"):
        return None
    return {"module": "keras.metrics", "class_name": class_name, "config": dict(metric.get_config()),
            "registered_name": None}


def _accepted(cls: type, config: dict[str, Any]) -> dict[str, Any]:
    """The keys of ``config`` that ``cls(...)`` takes (all of them when it takes ``**kwargs``)."""
    params = inspect.signature(cls.__init__).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return dict(config)
    return {k: v for k, v in config.items() if k in params and k != "self"}


def metrics_from_config(specs: Any, custom_objects: dict[str, Any] | None = None) -> Any:
    """The compiled metrics of a file: names as they are, ``keras.metrics`` classes rebuilt from their
    config, functions found in ``custom_objects`` or the registry."""
    from ligero.keras import metrics

    if isinstance(specs, dict):
        return {key: metrics_from_config(value, custom_objects) for key, value in specs.items()}
    if not isinstance(specs, list):
        return specs
    if specs and all(isinstance(s, list) or s is None for s in specs):
        return [metrics_from_config(s, custom_objects) for s in specs]
    out = []
    for spec in specs:
        if isinstance(spec, dict) and spec.get("class_name") == "function":
            spec = _function_from_config(spec, custom_objects, "metric")
        elif isinstance(spec, dict) and "class_name" in spec:
            cls = getattr(metrics, spec["class_name"], None)
            if not isinstance(cls, type):
                raise unknown_name("metric", spec["class_name"], class_names(metrics),
                                   hint="(in the file's compile config)")
            spec = cls(**_accepted(cls, spec.get("config") or {}))
        out.append(spec)
    return out


def _per_output_spec(spec: Any, one: Any) -> Any:
    """``spec`` with ``one`` applied to each entry of a dict or list of them (per output), as Keras writes it."""
    if isinstance(spec, dict):
        return {key: _per_output_spec(value, one) for key, value in spec.items()}
    if isinstance(spec, (list, tuple)):
        return [_per_output_spec(value, one) for value in spec]
    return one(spec)


def _metrics_spec(specs: Any) -> Any:
    """The compiled metrics as Keras writes them: a list, or a dict (a list) of lists per output; the
    metrics that cannot be written (a custom class) left out."""
    if specs is None:
        return None
    if isinstance(specs, dict):
        return {key: _metrics_spec(value) for key, value in specs.items()}
    if not isinstance(specs, (list, tuple)):
        specs = [specs]
    if specs and all(isinstance(s, (list, tuple)) or s is None for s in specs):
        return [_metrics_spec(s) for s in specs]
    return [spec for spec in map(_metric_spec, specs) if spec is not None] or None


def compile_config(model: Any) -> dict[str, Any] | None:
    """Keras's ``compile_config`` for a compiled ligero model (None if it is not compiled)."""
    if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
        return None
    given = getattr(model, "compile_arguments", {})
    loss = given.get("loss", model.loss)
    return {"optimizer": optimizer_config(model.optimizer), "loss": _per_output_spec(loss, _loss_spec),
            "loss_weights": given.get("loss_weights"), "metrics": _metrics_spec(given.get("metrics")),
            "weighted_metrics": _metrics_spec(given.get("weighted_metrics")), "run_eagerly": False,
            "steps_per_execution": 1, "jit_compile": False}


def optimizer_from_config(spec: Any) -> Any:
    """A ligero optimizer from Keras's serialized one (its keys filtered to what ligero's class takes)."""
    from ligero.keras import optimizers

    if isinstance(spec, str):
        return spec
    class_name, config = spec.get("class_name"), dict(spec.get("config") or {})
    cls = getattr(optimizers, class_name, None)
    if not isinstance(cls, type):
        raise unknown_name("optimizer", class_name, class_names(optimizers),
                           hint="(in the file's compile config)")
    accepted = set(inspect.signature(cls.__init__).parameters)
    if "lr" in accepted and "learning_rate" not in accepted:
        config["lr"] = config.pop("learning_rate")
    return cls(**{k: v for k, v in config.items() if k in accepted and k != "self" and v is not None})


def loss_from_config(spec: Any, custom_objects: dict[str, Any] | None = None) -> Any:
    """The compiled loss of a file: a name, a ``keras.losses`` class from its config, or a function
    found in ``custom_objects`` or the registry; a dict or list of them per output."""
    if isinstance(spec, dict) and "class_name" not in spec:
        return {key: loss_from_config(value, custom_objects) for key, value in spec.items()}
    if isinstance(spec, list):
        return [loss_from_config(value, custom_objects) for value in spec]
    if isinstance(spec, dict) and spec.get("class_name") == "function":
        return _function_from_config(spec, custom_objects, "loss")
    if isinstance(spec, dict) and "class_name" in spec:
        from ligero.keras import losses

        cls = getattr(losses, spec["class_name"], None)
        if not isinstance(cls, type):
            raise unknown_name("loss", spec["class_name"], class_names(losses),
                               hint="(in the file's compile config)")
        accepted = set(inspect.signature(cls.__init__).parameters)
        return cls(**{k: v for k, v in (spec.get("config") or {}).items() if k in accepted and k != "self"})
    return spec
