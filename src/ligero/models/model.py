"""Model: a network that can be compiled, trained, evaluated, saved and summarized.

Three ways to define one, all sharing the training machinery below:

- functional: ``Model(inputs, outputs)`` over any DAG of layer calls;
- :class:`~ligero.models.sequential.Sequential`: a stack of layers;
- subclassing: define ``forward(x)`` (PyTorch style) or ``call(x)`` (Keras style).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.errors import ConfigError, ShapeError
from ligero.layers.base import Layer
from ligero.models.graph import Graph
from ligero.models.trainer import Trainer
from ligero.nn.module import Module
from ligero.tensor import no_grad


class Model(Trainer, Module):
    """A trainable network (see the module docstring for the three ways to build one).

    Training (``compile``, ``fit``, ``evaluate``, ``predict`` and the overridable
    ``train_step``/``test_step``/``predict_step``) comes from :class:`Trainer`.
    """

    def __init__(self, inputs: Any = None, outputs: Any = None, name: str | None = None) -> None:
        super().__init__()
        self.name = name or type(self).__name__.lower()
        self._graph: Graph | None = None
        self._built_for: Any = None
        if inputs is not None or outputs is not None:
            if inputs is None or outputs is None:
                raise ConfigError("Model(inputs, outputs): give both the inputs and the outputs")
            self._set_graph(inputs, outputs)

    # ------------------------------------------------------------ graph
    #: whether ``summary()`` starts with one InputLayer row per input, as Keras's does for
    #: functional models (a Sequential model's input is implicit: it sets this to False)
    summary_lists_inputs = True

    def _set_graph(self, inputs: Any, outputs: Any) -> None:
        """Make this a functional model over the symbolic ``inputs`` and ``outputs`` (checked by Graph)."""
        self._use_graph(Graph(inputs, outputs))

    def _use_graph(self, graph: Graph) -> None:
        """Run ``graph`` from now on; ``layers`` becomes its distinct layers."""
        self._graph = graph
        self.layers: list[Layer] = list(graph.layers)

    @property
    def input_shape(self) -> Any:
        return None if self._graph is None else self._graph.input_shape

    @property
    def output_shape(self) -> Any:
        return None if self._graph is None else self._graph.output_shape

    _keras_face = True  # (ligero.nn.Module) state_dict() gives ndarray copies; attributes are free

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
        return self._graph.run(x, self.name)

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
        return {"class": "Model", "name": self.name, **self._graph.get_config()}


def model_from_config(config: dict[str, Any]) -> Model:
    """Rebuild a functional model (or Sequential) from :meth:`Model.get_config` data."""
    if config.get("class") == "Sequential":
        from ligero.models.sequential import Sequential

        return Sequential.from_config(config)
    model = Model(name=config.get("name"))
    model._use_graph(Graph.from_config(config))
    return model
