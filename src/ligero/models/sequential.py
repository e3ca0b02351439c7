"""Sequential: a plain stack of layers, each feeding the next."""

from __future__ import annotations

from typing import Any

from ligero.errors import ConfigError
from ligero.layers.base import Input, Layer, SymbolicTensor, _unique_name, name_scope
from ligero.models.model import Model
from ligero.tensor import Tensor, as_tensor


class Sequential(Model):
    """``Sequential([Dense(100, activation="tanh", input_dim=3072), Dense(10)])``.

    The network is built (weights created, shapes known) as soon as the input
    shape is known: from the first layer's ``input_dim``/``input_shape``, from
    :meth:`build`, or from the first batch it sees.
    """

    summary_lists_inputs = False

    def __init__(self, layers: list[Layer] | None = None, trainable: bool = True, name: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(name=name or _unique_name("Sequential"), trainable=trainable, **kwargs)
        self.layers = []
        self._input: SymbolicTensor | None = None
        self._constructing = True
        for layer in layers or []:
            self.add(layer)
        self._constructing = False
        self._graph_made()

    def _graph_made(self) -> None:
        """Take the next ``functional`` name, as Keras's Sequential does each time it builds its inner
        Functional graph (so that a later ``keras.Model`` is ``functional_1``, as in Keras)."""
        if not getattr(self, "_constructing", False) and self._graph is not None and self.layers:
            _unique_name("Functional")

    def add(self, layer: Any, rebuild: bool = True) -> None:
        """Append a layer (building it right away if the input shape is already known); ``keras.Input(...)``
        first gives the input shape."""
        if isinstance(layer, SymbolicTensor) and not self.layers and self._input is None:
            self._input = layer
            self._build_sample(layer.shape[1:])
            return
        if not isinstance(layer, Layer):
            raise ConfigError(f"Sequential.add: expected a layer, got {type(layer).__name__}")
        self.layers.append(layer)
        if self._graph is not None:
            with name_scope(self.name):
                self._use_graph(self._graph.followed_by(layer))
            self._graph_made()
        elif len(self.layers) == 1 and layer.declared_input_shape is not None:
            self._build_sample(layer.declared_input_shape)

    def pop(self, rebuild: bool = True) -> Layer:
        """Remove and return the last layer (the model is rebuilt without it)."""
        if not self.layers:
            raise ConfigError(f"Sequential.pop: model '{self.name}' has no layers")
        layer = self.layers.pop()
        if self._graph is not None:
            shape = self._graph.inputs[0].shape[1:]
            self._graph = None
            self._build_sample(shape)
        return layer

    def build(self, input_shape: Any = None) -> None:
        """Create every layer's weights for samples of ``input_shape`` (Keras's ``(None, ...)``, or batch excluded)."""
        if input_shape is None:
            raise ConfigError(f"Sequential.build: model '{self.name}' needs an input shape, e.g. build((None, 784))")
        if isinstance(input_shape, int):
            input_shape = (input_shape,)
        input_shape = tuple(input_shape)
        if input_shape and input_shape[0] is None:
            input_shape = input_shape[1:]
        self._build_sample(input_shape)

    def _build_sample(self, input_shape: tuple[Any, ...]) -> None:
        """Build the graph for samples of ``input_shape`` (batch excluded; ``None`` for any size)."""
        input_shape = tuple(input_shape)
        x = inputs = self._input if self._input is not None and tuple(self._input.shape[1:]) == input_shape \
            else Input(input_shape)
        with name_scope(self.name):  # Keras builds a Sequential's layers inside its name scope
            for layer in self.layers:
                x = layer(x)
        self._set_graph(inputs, x)
        self.layers = list(self._graph.layers)
        self._graph_made()

    replay_safe_forward = True  # the layers in order

    def forward(self, x: Any) -> Tensor:
        x = as_tensor(x)
        if self._graph is None:
            if not self.layers:
                raise ConfigError("Sequential model has no layers")
            self._build_sample(x.shape[1:])
        for layer in self.layers:
            x = layer(x)
        return x

    def get_config(self) -> dict[str, Any]:
        return {
            "class": "Sequential",
            "name": self.name,
            "input_shape": list(self.input_shape[1:]) if self._graph is not None else None,
            "layers": [{"class": type(layer).__name__, "config": layer.get_config()} for layer in self.layers],
        }

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Sequential:
        from ligero.layers import get_class

        layers = [get_class(spec["class"]).from_config(spec["config"]) for spec in config["layers"]]
        model = cls(layers, name=config.get("name"))
        if model._graph is None and config.get("input_shape") is not None:
            model._build_sample(tuple(config["input_shape"]))
        return model
