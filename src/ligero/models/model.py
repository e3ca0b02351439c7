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
from ligero.layers.base import (
    _MODEL_CALLS,
    _TRAINING,
    KerasWeights,
    Layer,
    SymbolicTensor,
    clear_added_losses,
    declares_replay_safe,
    is_symbolic,
    name_scope,
    training_context,
)
from ligero.layers.shapes import compatible
from ligero.models.graph import Graph
from ligero.models.trainer import Trainer
from ligero.nn.module import Module
from ligero.tensor import Tensor, no_grad


class Model(Trainer, KerasWeights, Module):
    """A trainable network (see the module docstring for the three ways to build one).

    Training (``compile``, ``fit``, ``evaluate``, ``predict`` and the overridable
    ``train_step``/``test_step``/``predict_step``) comes from :class:`Trainer`.
    """

    def __init__(self, inputs: Any = None, outputs: Any = None, name: str | None = None, trainable: bool = True,
                 **kwargs: Any) -> None:
        super().__init__()
        kwargs.pop("dtype", None)
        kwargs.pop("autocast", None)
        if kwargs:
            raise TypeError(f"{type(self).__name__}: unexpected arguments {sorted(kwargs)}")
        self.training = False  # as Keras's: inference unless fit (or training=True) says otherwise
        self.name = name or _default_name(type(self))
        self._trainable = bool(trainable)
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
        self.layers: list[Layer] = graph.keras_layers() if self.summary_lists_inputs else list(graph.layers)

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
        input_shape = _without_batch(input_shape)
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

    def __call__(self, x: Any, *args: Any, training: Any = None, **kwargs: Any) -> Any:
        """Run the model (``training=True`` for training behaviour: dropout on, batch statistics); on a
        symbolic tensor (``keras.Input``), the model becomes one node of another functional model."""
        if type(x) is not Tensor and is_symbolic(x):
            return self._symbolic_call(x, training)
        if _MODEL_CALLS[0] == 0:
            clear_added_losses(self)
        _MODEL_CALLS[0] += 1
        try:
            with training_context(self, training):
                return self.forward(x, *args, **kwargs)
        finally:
            _MODEL_CALLS[0] -= 1

    def _symbolic_call(self, x: Any, training: Any) -> SymbolicTensor:
        """This model as a layer of a functional graph (``base(inputs, training=False)`` in transfer
        learning): built for the input if it is a Sequential without a shape yet; one output only."""
        inputs = list(x) if isinstance(x, (list, tuple)) else [x]
        if self._graph is None and hasattr(self, "_build_sample") and len(inputs) == 1:
            self._build_sample(inputs[0].shape[1:])
        if self._graph is None:
            raise ConfigError(f"model '{self.name}' has no graph (a subclassed model): it cannot be called on "
                              "keras.Input(...); build the outer model by subclassing too")
        if isinstance(self.output_shape, list):
            raise NotImplementedError(f"model '{self.name}' has several outputs: ligero's functional models take "
                                      "a nested model of one output only")
        expected = self.input_shape if isinstance(self.input_shape, list) else [self.input_shape]
        got = [t.shape for t in inputs]
        if not compatible([tuple(g[1:]) for g in got], [tuple(e[1:]) for e in expected]):
            raise ShapeError(f"model '{self.name}' expects inputs of shape {self.input_shape}, got "
                             f"{got if len(got) > 1 else got[0]}")
        out = SymbolicTensor(tuple(self.output_shape[1:]), self, inputs, multi_input=isinstance(x, (list, tuple)))
        if training is not None:
            out.call_kwargs["training"] = bool(training)
        self.__dict__["_symbolic_output"] = out
        return out

    replay_safe_forward = True  # with a graph: the layers in order (see replay_safe)

    def replay_safe(self) -> bool:
        """Whether ``fit`` may record the forward pass once and replay it (:mod:`ligero.models.replay`): a
        Sequential or functional model (a graph, run by the class's own forward) of replay-safe layers."""
        return self._graph is not None and declares_replay_safe(self, "forward") and all(
            getattr(layer, "replay_safe", lambda: False)() for layer in self.layers)

    def forward(self, x: Any, *args: Any, **kwargs: Any) -> Any:
        """Run the network on ``x`` (a Tensor/array, or a list of them for several inputs)."""
        if self._graph is None:
            if hasattr(self, "call"):
                import inspect

                if "training" in inspect.signature(self.call).parameters and _TRAINING[-1] is not None:
                    kwargs.setdefault("training", _TRAINING[-1])
                with name_scope(self.name):  # the layers it builds on its first call: "<model>/<layer>/kernel"
                    return self.call(x, *args, **kwargs)
            raise NotImplementedError(
                f"{type(self).__name__} has no layers graph: define forward(x) or call(x), or build it "
                "with Model(inputs, outputs)"
            )
        return self._graph.run(x, self.name)

    # ------------------------------------------------------------ weights
    weights_owner = "model"

    def get_layer(self, name: str | None = None, index: int | None = None) -> Layer:
        """A layer by ``name`` or by ``index`` in :attr:`layers` (ValueError if there is none)."""
        if index is not None and name is not None:
            raise ConfigError("get_layer: give either name or index, not both")
        layers = list(getattr(self, "layers", None) or [c for c in self.children()])
        if index is not None:
            if not -len(layers) <= index < len(layers):
                raise ConfigError(f"get_layer: index {index} is out of range: model '{self.name}' has "
                                  f"{len(layers)} layers")
            return layers[index]
        for layer in layers:
            if getattr(layer, "name", None) == name:
                return layer
        known = [getattr(x, "name", "?") for x in layers]
        raise ConfigError(f"get_layer: no layer named {name!r}; the layers are {known}")

    @property
    def inputs(self) -> list[Any] | None:
        return None if self._graph is None else list(self._graph.inputs)

    @property
    def outputs(self) -> list[Any] | None:
        return None if self._graph is None else list(self._graph.outputs)

    @property
    def output(self) -> Any:
        """Keras's ``model.output``: the graph's output tensor (a list when there are several); a
        model without a graph gives the output of its last symbolic call (:attr:`Layer.output`)."""
        if self._graph is None:
            return super().output
        outputs = list(self._graph.outputs)
        if self._graph.output_keys is not None:
            return self._graph.structured(outputs)
        return outputs[0] if len(outputs) == 1 else outputs

    @property
    def input(self) -> Any:
        """Keras's ``model.input``: the graph's input tensor (a list when there are several)."""
        if self._graph is None:
            return super().input
        inputs = list(self._graph.inputs)
        if self._graph.input_keys is not None:
            return self._graph.structured(inputs, outputs=False)
        return inputs[0] if len(inputs) == 1 else inputs

    @property
    def output_names(self) -> list[str]:
        return [] if self._graph is None else [node.layer.name for node in self._graph.outputs]

    def to_json(self, **kwargs: Any) -> str:
        """The architecture as a JSON string (:func:`ligero.models.model_from_json` reads it back)."""
        import json

        return json.dumps({"class_name": type(self).__name__, "config": self.get_config()}, **kwargs)

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

    def summary(self, line_length: Any = None, positions: Any = None, print_fn: Any = print,
                expand_nested: bool = False, show_trainable: bool = False, layer_range: Any = None) -> str:
        """A table of layers, output shapes and parameter counts (printed and returned), Keras's arguments
        (``line_length``, ``positions`` and ``layer_range`` are accepted and not used: the layout is Keras's
        in an 80-column terminal)."""
        from ligero.models.summary import summary

        text = summary(self, expand_nested=expand_nested, show_trainable=show_trainable)
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


def _without_batch(shape: Any) -> Any:
    """Keras's ``(None, ...)`` form without its batch; a shape without a leading None is taken as batch-less."""
    if isinstance(shape, list):
        return [_without_batch(s) for s in shape]
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    return shape[1:] if shape and shape[0] is None else shape


def _default_name(cls: type) -> str:
    from ligero.layers.base import _unique_name

    return _unique_name("Functional" if cls is Model else cls.__name__)


def model_from_config(config: dict[str, Any], custom_objects: Any = None) -> Model:
    """Rebuild a functional model (or Sequential) from :meth:`Model.get_config` data."""
    if "class_name" in config and "config" in config:
        config = config["config"]
    if config.get("class") == "Sequential":
        from ligero.models.sequential import Sequential

        return Sequential.from_config(config)
    model = Model(name=config.get("name"))
    model._use_graph(Graph.from_config(config))
    return model


def model_from_json(json_string: str, custom_objects: Any = None) -> Model:
    """The model that :meth:`Model.to_json` described (new weights)."""
    import json

    return model_from_config(json.loads(json_string))


def clone_model(model: Model, input_tensors: Any = None, clone_function: Any = None) -> Model:
    """A new model of the same architecture with new weights (as Keras's ``clone_model``)."""
    return model_from_config(model.get_config())
