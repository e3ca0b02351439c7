"""Keras's TimeDistributed wrapper: one layer applied to every time step of a sequence."""

from __future__ import annotations

from typing import Any

from ligero import ops
from ligero.errors import ConfigError, ShapeError
from ligero.layers.base import Layer
from ligero.tensor import Tensor

__all__ = ["TimeDistributed"]


class TimeDistributed(Layer):
    """``y[:, t] = layer(x[:, t])`` for every step t: the inputs (N, T, ...) are reshaped to
    (N·T, ...), passed through ``layer`` once (one set of weights for all steps) and the outputs
    reshaped back to (N, T, ...). The weights are the wrapped layer's."""

    supports_masking = True  # passes a mask on unchanged, as in Keras
    keras_sublayers = ("layer",)  # Keras's files: layers/time_distributed/layer/vars
    keras_nested_configs = {"layer": "layer"}  # config.json key: attribute

    def __init__(self, layer: Layer, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not isinstance(layer, Layer):
            raise ConfigError(f"TimeDistributed: layer must be a Keras layer instance, got {layer!r}")
        self.layer = layer

    def build(self, input_shape: tuple[int, ...]) -> None:
        if len(input_shape) < 2:
            raise ShapeError(f"layer '{self.name}' (TimeDistributed) expects inputs of shape (None, steps, ...) "
                             f"with at least 3 axes, got {(None, *input_shape)}")
        if not self.layer.built:
            self.layer.build_for(tuple(input_shape[1:]))

    def call(self, x: Tensor, training: Any = None) -> Tensor:
        batch, steps = x.shape[0], x.shape[1]
        y = self.layer(ops.reshape(x, (batch * steps, *x.shape[2:])), training=training)
        return ops.reshape(y, (batch, steps, *y.shape[1:]))

    def get_config(self) -> dict[str, Any]:
        inner = {"module": "keras.layers", "class_name": type(self.layer).__name__,
                 "config": self.layer.get_config(), "registered_name": None}
        return {**super().get_config(), "layer": inner}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> TimeDistributed:
        from ligero.layers import get_class

        config = dict(config)
        spec = config.pop("layer")
        name = spec.get("class_name", spec.get("class"))
        return cls(get_class(name).from_config(spec["config"]), **config)
