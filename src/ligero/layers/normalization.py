"""Batch normalization."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.errors import ShapeError
from ligero.layers.base import Layer
from ligero.ops.norm import batch_norm_inference, batch_norm_training
from ligero.tensor import Tensor

__all__ = ["BatchNormalization"]


class BatchNormalization(Layer):
    """``y = γ · (x − μ) / √(σ² + ε) + β`` per feature (axis 1: Dense units or image channels).

    Training uses the batch's mean and (biased) variance and updates the running
    statistics, ``running ← (1 − momentum)·running + momentum·batch`` (PyTorch's
    convention; Keras's ``momentum=0.99`` is PyTorch's 0.01). Inference uses the
    running statistics.
    """

    def __init__(self, momentum: float = 0.1, epsilon: float = 1e-5, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.momentum, self.epsilon = float(momentum), float(epsilon)
        self.gamma = self.beta = None

    def build(self, input_shape: tuple[int, ...]) -> None:
        if len(input_shape) not in (1, 3):
            raise ShapeError(
                f"layer '{self.name}' (BatchNormalization) expects (None, features) or "
                f"(None, channels, height, width) but received {(None, *input_shape)}"
            )
        features = input_shape[0]
        self.gamma = self.add_weight((features,), "ones")
        self.beta = self.add_weight((features,), "zeros")
        self.register_buffer("running_mean", np.zeros(features, dtype=self.dtype))
        self.register_buffer("running_var", np.ones(features, dtype=self.dtype))

    def call(self, x: Tensor) -> Tensor:
        if self.training:
            return batch_norm_training(x, self.gamma, self.beta, self.running_mean, self.running_var,
                                       momentum=self.momentum, eps=self.epsilon)
        return batch_norm_inference(x, self.gamma, self.beta, self.running_mean, self.running_var, eps=self.epsilon)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "momentum": self.momentum, "epsilon": self.epsilon}
