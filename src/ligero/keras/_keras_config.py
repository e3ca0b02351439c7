"""A model's architecture and training settings as Keras 3's ``config.json`` describes them, both ways.

:func:`model_config` writes what ``keras.Model.get_config`` would for the
same model (Sequential or functional; each layer with Keras's class name,
module and config keys), so that real Keras rebuilds it; :func:`model_from_config`
rebuilds a ligero model from a Keras config. The config is data: layers are
looked up by class name among ``keras.layers`` and the registered custom
objects only, and ``Lambda`` layers (Python code in the file) are refused
unless ``safe_mode=False``.
"""

from __future__ import annotations

import inspect
from typing import Any

from ligero import initializers
from ligero.errors import ConfigError, UnknownClassError, unknown_name
from ligero.keras import _registry
from ligero.keras._h5 import model_layers, snake_case

_POLICY = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}

KERAS_KEYS: dict[str, tuple[str, ...]] = {
    "Dense": ("units", "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer",
              "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint"),
    "Conv2D": ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups", "activation",
               "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
               "activity_regularizer", "kernel_constraint", "bias_constraint"),
    "MaxPooling2D": ("pool_size", "padding", "strides", "data_format"),
    "AveragePooling2D": ("pool_size", "padding", "strides", "data_format"),
    "GlobalAveragePooling2D": ("data_format", "keepdims"),
    "BatchNormalization": ("axis", "momentum", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
                           "moving_mean_initializer", "moving_variance_initializer", "beta_regularizer",
                           "gamma_regularizer", "beta_constraint", "gamma_constraint"),
    "Dropout": ("rate", "seed", "noise_shape"),
    "Activation": ("activation",),
    "Flatten": ("data_format",),
    "Reshape": ("target_shape",),
    "Concatenate": ("axis",),
}
"""The config keys Keras 3 writes (and accepts) for each layer class ligero writes."""

KERAS_DEFAULTS: dict[str, Any] = {
    "use_bias": True, "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "padding": "valid",
    "axis": -1, "momentum": 0.99, "epsilon": 0.001, "center": True, "scale": True, "keepdims": False,
    "kernel_initializer": "glorot_uniform", "bias_initializer": "zeros", "beta_initializer": "zeros",
    "gamma_initializer": "ones", "moving_mean_initializer": "zeros", "moving_variance_initializer": "ones",
    "activation": "linear", "strides": None,
}
"""Keras's defaults, for the keys a ligero layer does not have."""

_CLASS_ALIASES = {"MaxPool2D": "MaxPooling2D", "AveragePool2D": "AveragePooling2D",
                  "AvgPool2D": "AveragePooling2D"}
_IGNORED_ON_LOAD = {"trainable", "dtype", "quantization_config", "synchronized", "renorm", "renorm_clipping",
                    "renorm_momentum", "sparse", "ragged", "optional", "batch_size", "input_axes", "output_axes"}


# ------------------------------------------------------------------ writing


def _initializer(value: Any) -> Any:
    """Keras's config of a layer's initializer (a custom callable without a Keras class is refused)."""
    if value is None:
        return None
    return initializers.keras_config(value)


def _regularizer(value: Any) -> Any:
    if value is None:
        return None
    config = value.get_config() if hasattr(value, "get_config") else {"name": str(value)}
    config = dict(config)
    name = str(config.pop("name", type(value).__name__)).lower()
    class_name = {"l1": "L1", "l2": "L2", "l1_l2": "L1L2", "l1l2": "L1L2"}.get(name, type(value).__name__)
    return {"module": "keras.regularizers", "class_name": class_name, "config": config, "registered_name": None}


def _activation(value: Any) -> Any:
    if value is None:
        return "linear"
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("name"), str):  # ligero's {"name": ...} config
        return value["name"]
    name = getattr(value, "name", None) or getattr(value, "__name__", None)
    if name is None:
        raise ConfigError(f"cannot save the activation {value!r} in a .keras file")
    return {"identity": "linear", "none": "linear"}.get(str(name), str(name))


def _pair(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return [int(v) for v in value]
    return value


def _layer_value(layer: Any, key: str, config: dict[str, Any]) -> Any:
    value = config.get(key, getattr(layer, key, KERAS_DEFAULTS.get(key)))
    if key.endswith("initializer"):
        return _initializer(getattr(layer, key, None) or value)
    if key.endswith("regularizer"):
        return _regularizer(getattr(layer, key, None))
    if key.endswith("constraint"):
        return None
    if key.endswith("activation"):  # activation, recurrent_activation
        return _activation(getattr(layer, key, value))
    if key == "padding" and not isinstance(value, str):
        return "valid" if not any(_pair(value) if isinstance(value, (list, tuple)) else [value]) else value
    if key in ("kernel_size", "strides", "pool_size", "dilation_rate", "target_shape"):
        return _pair(value)
    return value


def _builtin_keys(layer: Any, own: dict[str, Any]) -> tuple[str, ...] | None:
    """The config keys of one of ligero's own Keras layers not listed in :data:`KERAS_KEYS`: those of
    its ``get_config()``, which are its constructor's (Keras's) argument names, less the nested layers'
    (``keras_nested_configs``). None for a class of the user's, and for a layer holding another whose
    config Keras would not nest (``RNN(cell)``)."""
    nested = getattr(type(layer), "keras_nested_configs", {})
    if not type(layer).__module__.startswith("ligero.layers") or (("layer" in own or "cell" in own) and not nested):
        return None
    return tuple(key for key in own if key not in ("name", "trainable", "dtype", "input_shape", *nested))


def layer_config(layer: Any) -> dict[str, Any]:
    """One layer as an entry of Keras's ``layers`` list (without the functional ``inbound_nodes``)."""
    if getattr(layer, "_graph", None) is not None and hasattr(layer, "compile"):  # a nested model, as Keras nests it
        return model_config(layer)
    ligero_class = type(layer).__name__
    class_name = _CLASS_ALIASES.get(ligero_class, ligero_class)
    own = layer.get_config() if hasattr(layer, "get_config") else {}
    if class_name == "InputLayer":
        shape = list(layer.declared_input_shape or ())
        return {"module": "keras.layers", "class_name": "InputLayer", "registered_name": None,
                "config": {"batch_shape": [None, *shape], "dtype": "float32", "sparse": False, "ragged": False,
                           "name": layer.name, "optional": False}}
    keys = KERAS_KEYS.get(class_name) or _builtin_keys(layer, own)
    if keys is not None:
        config = {"name": layer.name, "trainable": bool(getattr(layer, "trainable", True)), "dtype": dict(_POLICY)}
        config.update({key: _layer_value(layer, key, own) for key in keys})
        for key, attribute in getattr(type(layer), "keras_nested_configs", {}).items():  # wrappers: Keras nests
            config[key] = layer_config(getattr(layer, attribute))
        entry = {"module": "keras.layers", "class_name": class_name, "config": config, "registered_name": None}
    else:
        # as Keras: an unregistered class is written under its class name (loading it takes custom_objects=)
        registered = _registry.get_registered_name(type(layer))
        entry = {"module": type(layer).__module__, "class_name": ligero_class, "config": own,
                 "registered_name": registered}
    input_shape = getattr(layer, "input_shape", None)
    if input_shape is not None and not isinstance(input_shape, list):
        entry["build_config"] = {"input_shape": [None, *input_shape]}
    return entry


def _keras_tensor(node: Any, history: tuple[str, int, int]) -> dict[str, Any]:
    return {"class_name": "__keras_tensor__",
            "config": {"shape": list(node.shape), "dtype": "float32", "keras_history": list(history)}}


def _functional_config(model: Any) -> dict[str, Any]:
    graph = model._graph
    calls: dict[int, int] = {}  # id(layer) -> calls so far
    history: dict[int, tuple[str, int, int]] = {}
    entries: dict[int, dict[str, Any]] = {}
    order: list[int] = []
    for node in graph.inputs:
        history[id(node)] = (node.layer.name, 0, 0)
        entries[id(node.layer)] = {**layer_config(node.layer), "name": node.layer.name, "inbound_nodes": []}
        order.append(id(node.layer))
    for node in graph.nodes:
        layer = node.layer
        if id(layer) not in entries:
            entries[id(layer)] = {**layer_config(layer), "name": layer.name, "inbound_nodes": []}
            order.append(id(layer))
        args = [_keras_tensor(p, history[id(p)]) for p in node.inputs]
        listed = node.multi_input and not getattr(layer, "positional_inputs", False)
        kwargs = {**(layer.node_kwargs() if hasattr(layer, "node_kwargs") else {}), **node.call_kwargs}
        entries[id(layer)]["inbound_nodes"].append({"args": [args] if listed else args, "kwargs": kwargs})
        history[id(node)] = (layer.name, calls.get(id(layer), 0), 0)
        calls[id(layer)] = calls.get(id(layer), 0) + 1

    def ends(nodes: list[Any], many: bool, keys: list[str] | None) -> Any:
        refs = [list(history[id(n)]) for n in nodes]
        if keys is not None:  # a dict of inputs or outputs: Keras writes the dict
            return dict(zip(keys, refs))
        return refs if many or len(refs) > 1 else refs[0]

    return {"module": "keras.src.models.functional", "class_name": "Functional", "registered_name": "Functional",
            "config": {"name": model.name, "trainable": True, "layers": [entries[i] for i in order],
                       "input_layers": ends(graph.inputs, False, graph.input_keys),
                       "output_layers": ends(graph.outputs, graph.many_outputs, graph.output_keys)},
            "build_config": {"input_shape": None}}


def model_config(model: Any) -> dict[str, Any]:
    """``config.json``'s architecture part for ``model`` (Sequential or functional)."""
    if getattr(model, "_graph", None) is None:
        raise ConfigError("cannot save a model whose architecture is Python code (subclassed) in a .keras file: "
                          "save its weights with save_weights('w.weights.h5')")
    if not any(cls.__name__ == "Sequential" for cls in type(model).__mro__):
        return _functional_config(model)
    shape = [None, *model._graph.inputs[0].shape[1:]]
    input_layer = {"module": "keras.layers", "class_name": "InputLayer", "registered_name": None,
                   "config": {"batch_shape": shape, "dtype": "float32", "sparse": False, "ragged": False,
                              "name": "input_layer", "optional": False}}
    layers = [input_layer] + [layer_config(layer) for layer in model_layers(model)]
    return {"module": "keras", "class_name": "Sequential", "registered_name": None,
            "config": {"name": model.name, "trainable": True, "dtype": dict(_POLICY), "layers": layers,
                       "build_input_shape": shape},
            "build_config": {"input_shape": shape}}


# ------------------------------------------------------------------ reading


def _plain_initializer(value: Any) -> Any:
    if isinstance(value, dict) and "class_name" in value:
        custom = _registry.lookup(value["class_name"], value.get("registered_name"), None)
        if custom is not None:
            config = value.get("config") or {}
            return custom.from_config(config) if hasattr(custom, "from_config") else custom(**config)
        return initializers.get(value)
    return value


def _plain_regularizer(value: Any) -> Any:
    if isinstance(value, dict) and value.get("class_name") == "OrthogonalRegularizer":
        from ligero.keras.regularizers import OrthogonalRegularizer

        return OrthogonalRegularizer(**(value.get("config") or {}))
    if isinstance(value, dict) and "class_name" in value:
        return {"name": snake_case(value["class_name"]).replace("l1_l2", "l1_l2"), **(value.get("config") or {})}
    return value


def _accepted(cls: type) -> tuple[set[str], bool]:
    """The keyword arguments ``cls(...)`` accepts (following ``**kwargs`` up the class chain, and into the
    class it names as ``forwards_arguments_to``: a recurrent layer passes its cell's on)."""
    forwarded = getattr(cls, "forwards_arguments_to", None)
    names: set[str] = _accepted(forwarded)[0] if isinstance(forwarded, type) else set()
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        params = inspect.signature(init).parameters.values()
        names |= {p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
        if not any(p.kind == p.VAR_KEYWORD for p in params):
            return names - {"self"}, False
    return names - {"self"}, True


def _layer_kwargs(cls: type, class_name: str, config: dict[str, Any]) -> dict[str, Any]:
    accepted, _ = _accepted(cls)
    kwargs: dict[str, Any] = {}
    for key, value in config.items():
        if key in _IGNORED_ON_LOAD:
            continue
        if key.endswith("initializer"):
            value = _plain_initializer(value)
        elif key.endswith("regularizer"):
            value = _plain_regularizer(value)
        if key in accepted:
            kwargs[key] = value
        elif value is not None and value != KERAS_DEFAULTS.get(key, value if key.endswith("initializer") else
                                                                 object()):
            raise ConfigError(f"layer '{config.get('name')}' ({class_name}): ligero's {cls.__name__} has no option "
                              f"{key}={value!r}")
    return kwargs


def layer_from_config(entry: dict[str, Any], custom_objects: dict[str, Any] | None, safe_mode: bool) -> Any:
    """A ligero layer from one entry of a Keras ``layers`` list."""
    from ligero.keras import layers as keras_layers

    class_name, config = entry.get("class_name"), dict(entry.get("config") or {})
    if class_name in ("Sequential", "Functional") and str(entry.get("module", "keras")).startswith("keras"):
        return model_from_config(entry, custom_objects, safe_mode)  # a model nested as a layer
    if class_name == "Lambda":
        config["function"] = _lambda_function(config.get("function"), custom_objects, safe_mode)
    custom = _registry.lookup(class_name, entry.get("registered_name"), custom_objects)
    if custom is not None:
        return custom.from_config(config) if hasattr(custom, "from_config") else custom(**config)
    ligero_name = {v: k for k, v in _CLASS_ALIASES.items()}.get(class_name, class_name)
    cls = getattr(keras_layers, class_name, None) or getattr(keras_layers, ligero_name, None)
    if not isinstance(cls, type):
        error = unknown_name("layer class", class_name, _registry.class_names(keras_layers),
                             hint=f"(registered name {entry.get('registered_name')!r}) A custom class: pass it in "
                             "custom_objects= or register it with keras.saving.register_keras_serializable()")
        raise UnknownClassError(str(error))
    if class_name == "InputLayer":
        return config
    for key in getattr(cls, "keras_nested_configs", {}):  # a wrapper's layers, nested as Keras writes them
        if isinstance(config.get(key), dict):
            config[key] = layer_from_config(config[key], custom_objects, safe_mode)
    return cls(**_layer_kwargs(cls, class_name, config))


def _lambda_function(spec: Any, custom_objects: dict[str, Any] | None, safe_mode: bool) -> Any:
    """A Lambda layer's function: only a named one found in ``custom_objects`` or the registry.

    Keras stores an anonymous ``lambda`` as its bytecode; ligero never runs code from a file, so that is
    refused whatever ``safe_mode`` says (Keras itself refuses it only with ``safe_mode=True``).
    """
    if safe_mode:
        raise ConfigError("the file holds a Lambda layer, whose function is Python code: it is refused with "
                          "safe_mode=True; pass safe_mode=False only for a file you trust")
    if not isinstance(spec, dict) or spec.get("class_name") == "__lambda__":
        raise ConfigError("the file holds a Lambda layer whose function is Python bytecode: ligero never runs "
                          "code from a file, even with safe_mode=False; rebuild the layer in code, or give it a "
                          "named function and pass it in custom_objects=")
    name = spec.get("config")
    found = _registry.lookup(str(name), spec.get("registered_name"), custom_objects)
    if found is None:
        raise ConfigError(f"the Lambda layer's function {name!r} is not in custom_objects= nor registered")
    return found


def _input(config: dict[str, Any]) -> Any:
    from ligero.keras import Input

    shape = config.get("batch_shape") or [None, *config.get("batch_input_shape", [None])[1:]]
    return Input(shape=tuple(shape[1:]), name=config.get("name"))


def model_from_config(spec: dict[str, Any], custom_objects: dict[str, Any] | None = None,
                      safe_mode: bool = True) -> Any:
    """A ligero model from ``config.json``'s architecture (Sequential or Functional)."""
    from ligero.keras import Model, Sequential

    class_name, config = spec.get("class_name"), spec.get("config") or {}
    if class_name == "Sequential":
        entries = list(config.get("layers", []))
        first = entries[0] if entries and entries[0].get("class_name") == "InputLayer" else None
        layers = [layer_from_config(e, custom_objects, safe_mode) for e in entries[1 if first else 0:]]
        shape = (first["config"].get("batch_shape") if first else None) or config.get("build_input_shape")
        model = Sequential(layers, name=config.get("name"))
        if shape is not None and model._graph is None:
            model.build(tuple(shape))  # Keras's (None, ...): the batch first, unknown sizes kept
        return model
    if class_name not in ("Functional", "Model"):
        raise ConfigError(f"a .keras file of a {class_name!r} model (subclassed) cannot be rebuilt from data; "
                          "rebuild it in code and load_weights() its weights")
    return Model(*_functional(config, custom_objects, safe_mode), name=config.get("name"))


def _functional(config: dict[str, Any], custom_objects: Any, safe_mode: bool) -> tuple[Any, Any]:
    made: dict[tuple[str, int], Any] = {}
    pending = [(entry, layer_from_config(entry, custom_objects, safe_mode)) for entry in config["layers"]]
    done = {id(entry): 0 for entry, _ in pending}
    progress = True
    while progress:
        progress = False
        for entry, layer in pending:
            name = entry.get("name") or entry["config"]["name"]
            if entry.get("class_name") == "InputLayer":
                if (name, 0) not in made:
                    made[(name, 0)] = _input(layer)
                    progress = True
                continue
            nodes = entry.get("inbound_nodes", [])
            while done[id(entry)] < len(nodes):
                node = nodes[done[id(entry)]]
                args = _resolve_args(node.get("args", []), made)
                if args is None:
                    break
                made[(name, done[id(entry)])] = layer(args, **_node_kwargs(layer, node))
                done[id(entry)] += 1
                progress = True

    def ends(refs: Any) -> Any:
        if isinstance(refs, dict):
            return {key: ends(ref) for key, ref in refs.items()}
        if refs and isinstance(refs[0], str):
            return made[(refs[0], refs[1])]
        return [made[(r[0], r[1])] for r in refs]

    try:
        return ends(config["input_layers"]), ends(config["output_layers"])
    except KeyError as exc:
        raise ConfigError(f"the functional graph refers to a layer call that never happens: {exc}") from None


def _node_kwargs(layer: Any, node: dict[str, Any]) -> dict[str, Any]:
    """The plain keyword arguments of a layer call that the layer says it takes back (``node_kwarg_names``:
    MultiHeadAttention's ``use_causal_mask``); the others of a Keras file are not ligero's to pass."""
    names = (*getattr(layer, "node_kwarg_names", ()), "training")
    return {k: v for k, v in (node.get("kwargs") or {}).items() if k in names and isinstance(v, (bool, int, float))}


def _resolve_args(args: list[Any], made: dict[tuple[str, int], Any]) -> Any:
    def one(item: Any) -> Any:
        if isinstance(item, list):
            parts = [one(i) for i in item]
            return None if any(p is None for p in parts) else parts
        history = item["config"]["keras_history"]
        return made.get((history[0], history[1]))

    resolved = [one(a) for a in args]
    if any(r is None for r in resolved):
        return None
    return resolved[0] if len(resolved) == 1 else resolved
