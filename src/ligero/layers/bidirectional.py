"""Keras's Bidirectional wrapper: a recurrent layer run forwards and a copy run backwards."""

from __future__ import annotations

from typing import Any

from ligero import ops
from ligero.errors import ConfigError
from ligero.layers.base import Layer, _is_symbolic
from ligero.layers.recurrent import RNN
from ligero.tensor import Tensor

__all__ = ["Bidirectional"]

_MERGES = ("sum", "mul", "ave", "concat", None)


def _rebuilt(layer: RNN, prefix: str, **changes: Any) -> RNN:
    """A fresh copy of ``layer`` from its config, named ``prefix + name`` (weights not shared)."""
    config = {**layer.get_config(), **changes}
    config["name"] = prefix + layer.name.removeprefix(prefix)
    return type(layer).from_config(config)


class Bidirectional(Layer):
    """``y = merge(forward(x), reverse_time(backward(x)))``: ``forward_layer`` and ``backward_layer``
    are fresh copies of ``layer`` (``forward_<name>``, ``backward_<name>`` with ``go_backwards``
    flipped); with ``return_sequences`` the backward outputs are flipped back to time order.

    ``merge_mode``: ``"concat"`` (last axis), ``"sum"``, ``"ave"``, ``"mul"`` or ``None`` (a list of
    both). With ``return_state`` the forward states, then the backward ones, follow the output.
    ``get_weights``: the forward layer's, then the backward layer's.
    """

    supports_masking = True  # passes a mask on unchanged, as in Keras
    keras_sublayers = ("forward_layer", "backward_layer")  # Keras's files: layers/bidirectional/forward_layer/...
    keras_nested_configs = {"layer": "forward_layer", "backward_layer": "backward_layer"}  # config.json key: attribute

    def __init__(self, layer: RNN, merge_mode: str | None = "concat", weights: Any = None,
                 backward_layer: RNN | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not isinstance(layer, RNN):
            raise ConfigError(f"Bidirectional: layer must be a recurrent layer (SimpleRNN, LSTM, GRU, RNN), "
                              f"got {type(layer).__name__}")
        if merge_mode not in _MERGES:
            raise ConfigError(f"Bidirectional: merge_mode must be one of {_MERGES}, got {merge_mode!r}")
        self.forward_layer = _rebuilt(layer, "forward_")
        self.backward_layer = backward_layer or _rebuilt(layer, "backward_", go_backwards=not layer.go_backwards)
        if self.forward_layer.go_backwards == self.backward_layer.go_backwards:
            raise ConfigError("Bidirectional: the forward and backward layers must differ in go_backwards")
        for flag in ("return_sequences", "return_state"):
            if getattr(self.forward_layer, flag) != getattr(self.backward_layer, flag):
                raise ConfigError(f"Bidirectional: the forward and backward layers must agree on {flag}")
        for inner in (self.forward_layer, self.backward_layer):  # Keras's: masked steps give zeros in sequences
            inner.zero_output_for_mask = inner.return_sequences
        self.merge_mode = merge_mode
        self.return_sequences = self.forward_layer.return_sequences
        self.return_state = self.forward_layer.return_state
        self._initial_weights = weights

    def __call__(self, x: Any, *args: Any, **kwargs: Any) -> Any:
        several = self.return_state or self.merge_mode is None
        if several and type(x) is not Tensor and _is_symbolic(x):
            raise NotImplementedError(f"layer '{self.name}' (Bidirectional): return_state=True or merge_mode=None "
                                      f"gives several outputs, which ligero's functional models do not take "
                                      f"yet; call the layer on arrays instead")
        return super().__call__(x, *args, **kwargs)

    def build(self, input_shape: tuple[int, ...]) -> None:
        self.forward_layer.build_for(input_shape)
        self.backward_layer.build_for(input_shape)
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    def forward(self, x: Any, *args: Any, **kwargs: Any) -> Any:
        if self.built:  # any number of time steps, as the wrapped layers
            return self._call(x, *args, **kwargs)
        return super().forward(x, *args, **kwargs)

    def compute_output_shape(self, input_shape: tuple[int, ...]) -> Any:
        shape = self.forward_layer.compute_output_shape(input_shape)
        output, states = (shape[0], shape[1:]) if self.return_state else (shape, [])
        if self.merge_mode == "concat":
            output = (*output[:-1], 2 * output[-1])
        outputs = [output, output] if self.merge_mode is None else [output]
        return outputs + states * 2 if (self.return_state or self.merge_mode is None) else output

    def call(self, sequences: Tensor, initial_state: Any = None, training: Any = None) -> Any:
        half = None if initial_state is None else len(initial_state) // 2
        forward_state = None if initial_state is None else list(initial_state[:half])
        backward_state = None if initial_state is None else list(initial_state[half:])
        y = self.forward_layer(sequences, initial_state=forward_state)
        y_rev = self.backward_layer(sequences, initial_state=backward_state)
        states: list = []
        if self.return_state:
            states = [*y[1:], *y_rev[1:]]
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = ops.flip(y_rev, (1,))
        output = self._merge(y, y_rev)
        if self.merge_mode is None:
            return [*output, *states]
        return [output, *states] if self.return_state else output

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        """Keras's: the input's mask on the sequence output(s) with ``return_sequences``, else none."""
        output_mask = previous_mask if self.return_sequences else None
        outputs = [output_mask, output_mask] if self.merge_mode is None else [output_mask]
        if self.return_state:
            return outputs + [None] * (2 * self.forward_layer.cell.state_count)
        return outputs if self.merge_mode is None else output_mask

    def _merge(self, y: Tensor, y_rev: Tensor) -> Any:
        if self.merge_mode == "concat":
            return ops.concatenate([y, y_rev], -1)
        if self.merge_mode == "sum":
            return ops.add(y, y_rev)
        if self.merge_mode == "ave":
            return ops.mul(ops.add(y, y_rev), 0.5)
        if self.merge_mode == "mul":
            return ops.mul(y, y_rev)
        return [y, y_rev]

    def get_config(self) -> dict[str, Any]:
        layer = self.forward_layer
        inner = {**layer.get_config(), "name": layer.name.removeprefix("forward_")}
        return {**super().get_config(), "merge_mode": self.merge_mode,
                "layer": {"class": type(layer).__name__, "config": inner}}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Bidirectional:
        from ligero.layers import get_class

        config = dict(config)
        spec = config.pop("layer")
        return cls(get_class(spec["class"]).from_config(spec["config"]), **config)
