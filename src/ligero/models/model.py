"""Model: a network that can be compiled, trained, evaluated, saved and summarized.

Three ways to define one, all sharing the training machinery below:

- functional: ``Model(inputs, outputs)`` over any DAG of layer calls;
- :class:`~ligero.models.sequential.Sequential`: a stack of layers;
- subclassing: define ``forward(x)`` (PyTorch style) or ``call(x)`` (Keras style).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero._graph import topological_order
from ligero.errors import ConfigError, ShapeError
from ligero.layers.base import InputLayer, Layer, SymbolicTensor
from ligero.models.trainer import Trainer
from ligero.nn.module import Module
from ligero.tensor import Tensor, as_tensor, no_grad


class Model(Trainer, Module):
    """A trainable network (see the module docstring for the three ways to build one).

    Training (``compile``, ``fit``, ``evaluate``, ``predict`` and the overridable
    ``train_step``/``test_step``/``predict_step``) comes from :class:`Trainer`.
    """

    def __init__(self, inputs: Any = None, outputs: Any = None, name: str | None = None) -> None:
        super().__init__()
        self.name = name or type(self).__name__.lower()
        self._graph: tuple | None = None
        self._built_for: Any = None
        if inputs is not None or outputs is not None:
            if inputs is None or outputs is None:
                raise ConfigError("Model(inputs, outputs): give both the inputs and the outputs")
            self._set_graph(inputs, outputs)

    # ------------------------------------------------------------ graph
    def _set_graph(self, inputs: Any, outputs: Any) -> None:
        input_nodes = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
        output_nodes = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        for node in input_nodes + output_nodes:
            if not isinstance(node, SymbolicTensor):
                raise ConfigError(
                    "Model(inputs, outputs) takes the symbolic tensors of ligero.Input(...) and of "
                    f"layer calls on them, got {type(node).__name__}"
                )
        for node in input_nodes:
            if not isinstance(node.layer, InputLayer):
                raise ConfigError("Model(inputs, ...): every input must come from ligero.Input(...)")
        order = _topological_nodes(output_nodes)
        known_inputs = {id(n) for n in input_nodes}
        for node in order:
            if isinstance(node.layer, InputLayer) and id(node) not in known_inputs:
                raise ConfigError(
                    f"Model: output depends on input '{node.layer.name}' that is not in `inputs`"
                )
        computed = [n for n in order if not isinstance(n.layer, InputLayer)]
        self.layers: list[Layer] = []
        for node in computed:
            if all(node.layer is not layer for layer in self.layers):
                self.layers.append(node.layer)
        self._graph = (input_nodes, output_nodes, computed, isinstance(outputs, (list, tuple)))

    @property
    def input_shape(self) -> Any:
        if self._graph is None:
            return None
        shapes = [node.shape for node in self._graph[0]]
        return shapes if len(shapes) > 1 else shapes[0]

    @property
    def output_shape(self) -> Any:
        if self._graph is None:
            return None
        shapes = [node.shape for node in self._graph[1]]
        return shapes if self._graph[3] else shapes[0]

    @property
    def built(self) -> bool:
        return self._graph is not None or bool(self.parameters())

    def build(self, input_shape: Any) -> None:
        """Create the weights of a subclassed model whose layers build lazily.

        Functional models are built when defined, and this does nothing for them.
        A subclassed model is run once, in inference mode and without recording a
        graph, on one sample of zeros of ``input_shape`` (batch excluded; a list of
        shapes for several inputs), so that every layer creates its weights before
        an optimizer is bound to them. ``fit``, ``evaluate`` and ``predict`` call
        it (or a subclass's own ``build``) once, with the shape of the first data.
        Later calls do nothing.
        """
        if self._graph is not None or self._built_for is not None:
            return
        params = self.parameters()
        dtype = params[0].dtype if params else np.dtype(np.float32)
        many = isinstance(input_shape, list)
        shapes = [tuple(s) for s in input_shape] if many else [tuple(input_shape)]
        dummies = [np.zeros((1, *shape), dtype=dtype) for shape in shapes]
        was_training = self.training
        self.eval()
        try:
            with no_grad():
                self.forward(dummies if many else dummies[0])
        finally:
            self.train(was_training)
        self._built_for = shapes if many else shapes[0]

    def forward(self, x: Any) -> Any:
        """Run the network on ``x`` (a Tensor/array, or a list of them for several inputs)."""
        if self._graph is None:
            if hasattr(self, "call"):
                return self.call(x)
            raise NotImplementedError(
                f"{type(self).__name__} has no layers graph: define forward(x) or call(x), or build it "
                "with Model(inputs, outputs)"
            )
        input_nodes, output_nodes, computed, many_outputs = self._graph
        xs = list(x) if isinstance(x, (list, tuple)) else [x]
        if len(xs) != len(input_nodes):
            raise ShapeError(f"model '{self.name}' takes {len(input_nodes)} input(s), got {len(xs)}")
        values: dict[int, Tensor] = {}
        for node, value in zip(input_nodes, xs):
            values[id(node)] = node.layer(as_tensor(value))
        for node in computed:
            args = [values[id(parent)] for parent in node.inputs]
            values[id(node)] = node.layer(args if node.multi_input else args[0])
        outs = [values[id(node)] for node in output_nodes]
        return outs if many_outputs else outs[0]

    # ------------------------------------------------------------ weights
    def get_weights(self) -> list[np.ndarray]:
        """Copies of all weights and buffers, in a fixed order."""
        return list(self.state_dict().values())

    def set_weights(self, weights: list[np.ndarray]) -> None:
        """Set all weights and buffers from a list in :meth:`get_weights` order."""
        names = list(self.state_dict().keys())
        if len(weights) != len(names):
            raise ShapeError(f"set_weights: model '{self.name}' has {len(names)} arrays, got {len(weights)}")
        self.load_state_dict(dict(zip(names, weights)))

    def save(self, path: Any, include_optimizer: bool = True) -> None:
        """Save architecture, weights and optimizer state (safe format, atomic write)."""
        from ligero.models.saving import save_model

        save_model(self, path, include_optimizer=include_optimizer)

    def save_weights(self, path: Any) -> None:
        """Save only the weights (for models whose architecture cannot be described)."""
        from ligero.models.saving import save_weights

        save_weights(self, path)

    def load_weights(self, path: Any) -> None:
        """Load weights saved by :meth:`save_weights` or :meth:`save` into this model."""
        from ligero.models.saving import load_weights

        load_weights(self, path)

    def summary(self, print_fn: Any = print) -> str:
        """A table of layers, output shapes and parameter counts (printed and returned)."""
        from ligero.models.summary import summary

        text = summary(self)
        if print_fn is not None:
            print_fn(text)
        return text

    # ------------------------------------------------------------- config
    def get_config(self) -> dict[str, Any]:
        """The architecture as JSON-able data (functional and Sequential models)."""
        if self._graph is None:
            raise ConfigError(
                f"{type(self).__name__} is a subclassed model: its architecture is Python code. "
                "Use save_weights()/load_weights() with the class, or build it with Sequential or "
                "Model(inputs, outputs) to save it whole."
            )
        input_nodes, output_nodes, computed, many = self._graph
        ids: dict[int, int] = {}
        nodes = []
        for node in input_nodes + computed:
            ids[id(node)] = len(nodes)
            nodes.append({
                "class": type(node.layer).__name__,
                "config": node.layer.get_config(),
                "inputs": [ids[id(p)] for p in node.inputs],
                "multi_input": bool(getattr(node, "multi_input", False)),
            })
        return {
            "class": "Model",
            "name": self.name,
            "nodes": nodes,
            "inputs": [ids[id(n)] for n in input_nodes],
            "outputs": [ids[id(n)] for n in output_nodes],
            "many_outputs": many,
            "layer_order": _layer_order(input_nodes + computed),
        }


def _layer_order(nodes: list[SymbolicTensor]) -> list[int]:
    """For each node, the index of the first node using the same layer (shared layers)."""
    first: dict[int, int] = {}
    return [first.setdefault(id(n.layer), i) for i, n in enumerate(nodes)]


def _topological_nodes(outputs: list[SymbolicTensor]) -> list[SymbolicTensor]:
    return topological_order(outputs, lambda node: node.inputs)


def model_from_config(config: dict[str, Any]) -> Model:
    """Rebuild a functional model (or Sequential) from :meth:`Model.get_config` data."""
    from ligero.layers import get_class
    from ligero.layers.base import Input

    if config.get("class") == "Sequential":
        from ligero.models.sequential import Sequential

        return Sequential.from_config(config)
    built: list[SymbolicTensor] = []
    layers_by_node: dict[int, Layer] = {}
    for i, spec in enumerate(config["nodes"]):
        first = config["layer_order"][i]
        if spec["class"] == "InputLayer":
            cfg = spec["config"]
            built.append(Input(tuple(cfg["shape"]), name=cfg.get("name"), dtype=cfg.get("dtype", "float32")))
            continue
        layer = layers_by_node.get(first)
        if layer is None:
            layer = get_class(spec["class"]).from_config(spec["config"])
            layers_by_node[first] = layer
        parents = [built[j] for j in spec["inputs"]]
        built.append(layer(parents if spec["multi_input"] else parents[0]))
    inputs = [built[i] for i in config["inputs"]]
    outputs = [built[i] for i in config["outputs"]]
    return Model(
        inputs if len(inputs) > 1 else inputs[0],
        outputs if config["many_outputs"] else outputs[0],
        name=config.get("name"),
    )
