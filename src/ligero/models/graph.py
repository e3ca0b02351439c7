"""Graph: the checked DAG of layer calls behind ``Model(inputs, outputs)`` and a built Sequential.

It knows the symbolic tensors, runs them on real data, and writes and reads the
node list that saved models store (see :meth:`Graph.get_config`).
"""

from __future__ import annotations

from typing import Any

from ligero._graph import topological_order
from ligero.errors import ConfigError, ShapeError
from ligero.layers import get_class
from ligero.layers.base import Input, InputLayer, Layer, SymbolicTensor
from ligero.tensor import Tensor, as_tensor


class Graph:
    """The symbolic tensors of a functional model, validated and put in running order.

    - ``inputs``, ``outputs``: the symbolic tensors given, always as lists;
    - ``many_outputs``: whether the outputs were given as a list or a dict (the model then returns one);
    - ``input_keys``, ``output_keys``: the keys when the inputs or outputs were given as a dict
      (``Model({"image": a, "meta": b}, {"label": p, "score": q})``), else None: the model then takes
      a dict of inputs by those keys and returns a dict of outputs, as Keras's;
    - ``nodes``: the computed tensors the outputs depend on (inputs excluded), each after its parents;
    - ``layers``: the distinct layers of ``nodes`` in order of first use (a shared layer once).
    """

    def __init__(self, inputs: Any, outputs: Any) -> None:
        self.input_keys = _keys(inputs, "inputs")
        self.output_keys = _keys(outputs, "outputs")
        self._given_order = {"inputs": list(inputs) if isinstance(inputs, dict) else None,
                             "outputs": list(outputs) if isinstance(outputs, dict) else None}
        self.inputs: list[SymbolicTensor] = _as_list(inputs)
        self.outputs: list[SymbolicTensor] = _as_list(outputs)
        self.many_outputs = isinstance(outputs, (list, tuple, dict))
        _check_ends(self.inputs, self.outputs)
        self.nodes = _computed_nodes(self.inputs, self.outputs)
        self.layers = _distinct_layers(self.nodes)

    def keras_layers(self) -> list[Layer]:
        """The distinct layers, InputLayers included, in Keras's order: nodes by decreasing depth
        (distance from the outputs), ties in depth-first order from the outputs."""
        order = topological_order(self.outputs, lambda node: node.inputs)
        depth: dict[int, int] = {id(node): 0 for node in self.outputs}
        for node in reversed(order):
            for parent in node.inputs:
                depth[id(parent)] = max(depth.get(id(parent), 0), depth.get(id(node), 0) + 1)
        ranked = sorted(range(len(order)), key=lambda i: -depth.get(id(order[i]), 0))
        return _distinct_layers([order[i] for i in ranked])

    def structured(self, values: list[Any], outputs: bool = True) -> Any:
        """``values`` (one per output, or per input) in the structure the model was given: a dict by
        key, a list, or the one value."""
        keys = self.output_keys if outputs else self.input_keys
        if keys is not None:
            by_key = dict(zip(keys, values))
            return {key: by_key[key] for key in self._given_order["outputs" if outputs else "inputs"]}
        many = self.many_outputs if outputs else len(values) > 1
        return list(values) if many else values[0]

    def followed_by(self, layer: Layer) -> Graph:
        """A new graph with ``layer`` applied to this one's single output (``Sequential.add``)."""
        return Graph(self.inputs[0], layer(self.outputs[0]))

    # ------------------------------------------------------------ shapes
    @property
    def input_shape(self) -> Any:
        """The input shape (batch as None), or a list of them when there are several inputs."""
        shapes = [node.shape for node in self.inputs]
        return shapes if len(shapes) > 1 else shapes[0]

    @property
    def output_shape(self) -> Any:
        """The output shape (batch as None), or a list of them when the outputs were given as a list."""
        shapes = [node.shape for node in self.outputs]
        return shapes if self.many_outputs else shapes[0]

    # ----------------------------------------------------------- running
    def run(self, x: Any, model_name: str) -> Any:
        """Call every layer on real data ``x`` (one Tensor/array, or a list of them for several
        inputs) in graph order; ``model_name`` names the model in a ShapeError."""
        xs = self.inputs_by_key(x, model_name) if isinstance(x, dict) else list(x) if isinstance(x, (list, tuple)) \
            else [x]
        if len(xs) != len(self.inputs):
            raise ShapeError(f"model '{model_name}' takes {len(self.inputs)} input(s), got {len(xs)}")
        values: dict[int, Tensor] = {}
        for node, value in zip(self.inputs, xs):
            values[id(node)] = node.layer(as_tensor(value))
        for node in self.nodes:
            args = [values[id(parent)] for parent in node.inputs]
            if node.positional:
                values[id(node)] = node.layer(*args, **node.call_kwargs)  # call(targets, logits)
            else:
                values[id(node)] = node.layer(args if node.multi_input else args[0], **node.call_kwargs)
        return self.structured([values[id(node)] for node in self.outputs])

    def inputs_by_key(self, x: dict[str, Any], model_name: str) -> list[Any]:
        """A dict of input values as the list in input order: by the keys the inputs were given with,
        else by the Input names."""
        keys = self.input_keys or [node.layer.name for node in self.inputs]
        missing = [k for k in keys if k not in x]
        if missing:
            raise ShapeError(f"model '{model_name}' takes the inputs {keys}: the dict given has no {missing} "
                             f"(it has {sorted(x)})")
        return [x[k] for k in keys]

    # ------------------------------------------------------------ config
    def get_config(self) -> dict[str, Any]:
        """The graph as JSON-able data, in the format of saved models.

        ``nodes`` lists the inputs then the computed tensors, each with its layer's
        class and config, the indices of its parent nodes and ``multi_input``;
        ``inputs``/``outputs`` are node indices; ``layer_order`` gives, for each node,
        the index of the first node calling the same layer (so shared layers stay shared);
        ``input_keys``/``output_keys``, present for dict inputs or outputs, their keys.
        """
        everything = self.inputs + self.nodes
        index: dict[int, int] = {}
        nodes = []
        for node in everything:
            index[id(node)] = len(nodes)
            nodes.append({
                "class": type(node.layer).__name__,
                "config": node.layer.get_config(),
                "inputs": [index[id(p)] for p in node.inputs],
                "multi_input": bool(node.multi_input),
            })
            if node.call_kwargs:  # ``training`` fixed at the call (older files have none)
                nodes[-1]["call_kwargs"] = dict(node.call_kwargs)
        config: dict[str, Any] = {
            "nodes": nodes,
            "inputs": [index[id(n)] for n in self.inputs],
            "outputs": [index[id(n)] for n in self.outputs],
            "many_outputs": self.many_outputs,
            "layer_order": _layer_order(everything),
        }
        for key, keys in (("input_keys", self.input_keys), ("output_keys", self.output_keys)):
            if keys is not None:  # only for dict inputs or outputs (sorted, as the node lists): older files
                config[key] = keys  # stay as they were
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Graph:
        """Rebuild the layers and the graph from :meth:`get_config` data (new, unshared layers)."""
        built: list[SymbolicTensor] = []
        layers_by_first_node: dict[int, Layer] = {}
        for i, spec in enumerate(config["nodes"]):
            first = config["layer_order"][i]
            if spec["class"] == "InputLayer":
                built.append(_input_from_config(spec["config"]))
                continue
            layer = layers_by_first_node.get(first)
            if layer is None:
                layer = layers_by_first_node[first] = _layer_from_config(spec)
            parents = [built[j] for j in spec["inputs"]]
            built.append(layer(parents if spec["multi_input"] else parents[0], **spec.get("call_kwargs", {})))
        inputs = [built[i] for i in config["inputs"]]
        outputs = [built[i] for i in config["outputs"]]
        in_keys, out_keys = config.get("input_keys"), config.get("output_keys")
        given_in = dict(zip(in_keys, inputs)) if in_keys else inputs if len(inputs) > 1 else inputs[0]
        given_out = dict(zip(out_keys, outputs)) if out_keys else outputs if config["many_outputs"] else outputs[0]
        return cls(given_in, given_out)


def _layer_from_config(spec: dict[str, Any]) -> Any:
    """A node's layer from its saved class and config; a model nested as a layer is rebuilt whole."""
    if spec["config"].get("class") in ("Sequential", "Model"):
        from ligero.models.model import model_from_config  # the model module builds on this one

        return model_from_config(spec["config"])
    return get_class(spec["class"]).from_config(spec["config"])


def _keys(tensors: Any, what: str) -> list[str] | None:
    """The keys of a dict of symbolic tensors (strings, as Keras requires), sorted: Keras flattens a dict
    by sorted key (``model.inputs``, ``output_shape``, the order of the losses); else None."""
    if not isinstance(tensors, dict):
        return None
    if not tensors or not all(isinstance(k, str) for k in tensors):
        raise ConfigError(f"Model: a dict of {what} must map names (strings) to symbolic tensors, got keys "
                          f"{list(tensors)}")
    return sorted(tensors)


def _as_list(tensors: Any) -> list[Any]:
    if isinstance(tensors, dict):
        return [tensors[key] for key in sorted(tensors)]
    return list(tensors) if isinstance(tensors, (list, tuple)) else [tensors]


def _check_ends(inputs: list[Any], outputs: list[Any]) -> None:
    """ConfigError unless the inputs and outputs are symbolic tensors and every input comes from Input()."""
    for node in inputs + outputs:
        if not isinstance(node, SymbolicTensor):
            raise ConfigError(
                "Model(inputs, outputs) takes the symbolic tensors of ligero.Input(...) and of "
                f"layer calls on them, got {type(node).__name__}"
            )
    for node in inputs:
        if not isinstance(node.layer, InputLayer):
            raise ConfigError("Model(inputs, ...): every input must come from ligero.Input(...)")


def _computed_nodes(inputs: list[SymbolicTensor], outputs: list[SymbolicTensor]) -> list[SymbolicTensor]:
    """The non-input nodes the outputs depend on, parents first; ConfigError on an input not in ``inputs``."""
    order = topological_order(outputs, lambda node: node.inputs)
    known_inputs = {id(n) for n in inputs}
    for node in order:
        if isinstance(node.layer, InputLayer) and id(node) not in known_inputs:
            raise ConfigError(f"Model: output depends on input '{node.layer.name}' that is not in `inputs`")
    return [n for n in order if not isinstance(n.layer, InputLayer)]


def _distinct_layers(nodes: list[SymbolicTensor]) -> list[Layer]:
    layers: list[Layer] = []
    for node in nodes:
        if all(node.layer is not layer for layer in layers):
            layers.append(node.layer)
    return layers


def _layer_order(nodes: list[SymbolicTensor]) -> list[int]:
    """For each node, the index of the first node using the same layer (shared layers)."""
    first: dict[int, int] = {}
    return [first.setdefault(id(n.layer), i) for i, n in enumerate(nodes)]


def _input_from_config(config: dict[str, Any]) -> SymbolicTensor:
    return Input(tuple(config["shape"]), name=config.get("name"), dtype=config.get("dtype", "float32"))
