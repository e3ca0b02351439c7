"""Keras 3's weights file (``.weights.h5``, and ``model.weights.h5`` inside a ``.keras`` file).

The HDF5 layout Keras 3.15 writes, which this module reads and writes the same:

- ``layers/<key>/vars/<i>``: the i-th weight of each layer in Keras's order
  (Dense: kernel, bias; Conv2D: kernel (kh, kw, in, out), bias;
  BatchNormalization: gamma, beta, moving_mean, moving_variance); ``<key>`` is the
  snake-cased class name, numbered per class in layer order (``dense``,
  ``dense_1``...; a functional model's InputLayers count), and each ``vars``
  group carries the layer's name as its ``name`` attribute;
- a layer that holds other layers (its ``keras_sublayers``: a recurrent layer's
  ``cell``, Bidirectional's ``forward_layer`` and ``backward_layer``,
  TimeDistributed's ``layer``) has an empty ``vars`` and one group per sublayer,
  laid out the same way (``layers/lstm/cell/vars/0``...);
- ``optimizer/vars/<i>``: ``iterations``, ``learning_rate``, then the slots of
  each trainable weight (see :mod:`ligero.keras._optimizer_vars`);
- ``vars`` (empty, named after the model).

h5py is an optional dependency (``pip install ligero[keras]``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import numpy as np

from ligero.errors import ConfigError, DataFileError


def require_h5py() -> Any:
    """The h5py module, or an ImportError that says how to install it."""
    try:
        import h5py
    except ImportError:
        raise ImportError(
            "Keras's .keras and .weights.h5 files are HDF5: install h5py with `pip install ligero[keras]` "
            "(or `pip install h5py`)"
        ) from None
    return h5py


def snake_case(name: str) -> str:
    """Keras's ``to_snake_case``: ``MaxPooling2D`` -> ``max_pooling2d``."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def model_layers(model: Any) -> list[Any]:
    """The layers Keras saves for ``model``: a functional model's InputLayers first, then its layers."""
    graph = getattr(model, "_graph", None)
    layers = list(getattr(model, "layers", []))
    if graph is not None and not _is_sequential(model):
        inputs = [node.layer for node in graph.inputs]
        layers = inputs + [layer for layer in layers if all(layer is not i for i in inputs)]
    return [layer for layer in layers if not (_is_sequential(model) and type(layer).__name__ == "InputLayer")]


def _is_sequential(model: Any) -> bool:
    return any(cls.__name__ == "Sequential" for cls in type(model).__mro__)


def keyed_layers(model: Any) -> Iterator[tuple[str, Any]]:
    """``(key, layer)`` for every layer, keyed as Keras keys them (see the module docstring)."""
    used: dict[str, int] = {}
    for layer in model_layers(model):
        key = snake_case(type(layer).__name__)
        if key in used:
            used[key] += 1
            key = f"{key}_{used[key]}"
        else:
            used[key] = 0
        yield key, layer


def _own_weights(layer: Any) -> list[Any]:
    """A layer's Parameters then buffers, in attribute order (for layers without get_weights)."""
    params = [p for name, p in layer.named_parameters() if "." not in name]
    buffers = [b for name, b in layer.named_buffers() if "." not in name]
    return params + buffers


def layer_weights(layer: Any) -> list[np.ndarray]:
    """A layer's weights in Keras's order, as arrays."""
    if callable(getattr(layer, "get_weights", None)) and not _is_model(layer):
        return [np.asarray(w) for w in layer.get_weights()]
    return [np.asarray(getattr(w, "array", w)) for w in _own_weights(layer)]


def set_layer_weights(layer: Any, weights: list[np.ndarray], where: str) -> None:
    """Set a layer's weights from arrays in Keras's order; a shape or count mismatch names the layer."""
    current = layer_weights(layer)
    if len(current) != len(weights):
        raise DataFileError(f"{where}: layer '{layer.name}' ({type(layer).__name__}) has {len(current)} weights "
                            f"but the file holds {len(weights)} for it (another architecture)")
    for i, (have, new) in enumerate(zip(current, weights)):
        if have.shape != new.shape:
            raise DataFileError(f"{where}: weight {i} of layer '{layer.name}' ({type(layer).__name__}) has shape "
                                f"{tuple(new.shape)} in the file but {have.shape} in the model")
    if callable(getattr(layer, "set_weights", None)) and not _is_model(layer):
        layer.set_weights([np.asarray(w) for w in weights])
        return
    for target, value in zip(_own_weights(layer), weights):
        array = getattr(target, "array", target)
        array[...] = value


def _is_model(layer: Any) -> bool:
    return hasattr(layer, "_graph") and hasattr(layer, "layers")


def sublayers(layer: Any) -> list[tuple[str, Any]]:
    """``(group name, layer)`` of the layers ``layer`` holds, as Keras's files nest them (its class's
    ``keras_sublayers``; none for most layers)."""
    return [(name, getattr(layer, name)) for name in getattr(type(layer), "keras_sublayers", ())]


def _layer_trainable(layer: Any) -> list[Any]:
    if _is_model(layer):
        return trainable_in_keras_order(layer)
    if sublayers(layer):
        return [p for _, sub in sublayers(layer) for p in _layer_trainable(sub)]
    return [p for name, p in layer.named_parameters() if "." not in name and p.requires_grad]


def trainable_in_keras_order(model: Any) -> list[Any]:
    """The trainable Parameters in the order of Keras's ``model.trainable_variables``."""
    return [p for _, layer in keyed_layers(model) for p in _layer_trainable(layer)]


def write_weights(handle: Any, model: Any, optimizer_vars: list[np.ndarray] | None, optimizer_name: str) -> None:
    """Write ``model``'s weights (and the optimizer's variables, if given) to the binary file ``handle``."""
    h5py = require_h5py()
    with h5py.File(handle, "w") as f:
        _write_layers(f.create_group("layers"), model)
        if optimizer_vars is not None:
            group = f.create_group("optimizer").create_group("vars")
            group.attrs["name"] = optimizer_name
            for i, value in enumerate(optimizer_vars):
                group.create_dataset(str(i), data=value)
        f.create_group("vars").attrs["name"] = model.name


def _write_layers(group: Any, model: Any) -> None:
    for key, layer in keyed_layers(model):
        _write_layer(group.create_group(key), layer)


def _write_layer(group: Any, layer: Any) -> None:
    """One layer's group: ``vars`` (its own weights), a model's ``layers``, or a group per sublayer."""
    variables = group.create_group("vars")
    variables.attrs["name"] = layer.name
    if _is_model(layer):
        _write_layers(group.create_group("layers"), layer)
        return
    if sublayers(layer):
        for name, sub in sublayers(layer):
            _write_layer(group.create_group(name), sub)
        return
    for i, value in enumerate(layer_weights(layer)):
        variables.create_dataset(str(i), data=value)


def read_weights(handle: Any, model: Any, where: str) -> list[np.ndarray] | None:
    """Load the layers' weights from ``handle`` into ``model``; return the optimizer's variables (or None)."""
    h5py = require_h5py()
    try:
        with h5py.File(handle, "r") as f:
            if "layers" not in f:
                raise DataFileError(f"{where}: not a Keras 3 weights file (no 'layers' group)")
            _read_layers(f["layers"], model, where)
            if "optimizer" in f and "vars" in f["optimizer"]:
                group = f["optimizer"]["vars"]
                return [np.asarray(group[str(i)]) for i in range(len(group))]
            return None
    except (OSError, KeyError) as exc:
        if isinstance(exc, DataFileError):
            raise
        raise DataFileError(f"{where}: not a readable Keras weights file ({exc})") from None


def _read_layers(group: Any, model: Any, where: str) -> None:
    for key, layer in keyed_layers(model):
        if key not in group:
            if layer_weights(layer) if not _is_model(layer) else True:
                raise DataFileError(f"{where}: no weights for layer '{layer.name}' (group layers/{key})")
            continue
        _read_layer(group[key], layer, where, f"layers/{key}")


def _read_layer(group: Any, layer: Any, where: str, path: str) -> None:
    if _is_model(layer):
        _read_layers(group["layers"], layer, where)
        return
    if sublayers(layer) and not len(group["vars"]):  # (older ligero files kept them all in the layer's vars)
        for name, sub in sublayers(layer):
            if name not in group:
                raise DataFileError(f"{where}: no weights for '{sub.name}' inside layer '{layer.name}' "
                                    f"(group {path}/{name})")
            _read_layer(group[name], sub, where, f"{path}/{name}")
        return
    variables = group["vars"]
    set_layer_weights(layer, [np.asarray(variables[str(i)]) for i in range(len(variables))], where)


def check_built(model: Any, what: str) -> None:
    if not getattr(model, "built", True):
        raise ConfigError(f"{what}: build the model first (call it on a batch, or give it an Input)")
