"""Keras's Embedding: integer indices -> rows of a trainable ``(input_dim, output_dim)`` matrix."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import initializers, ops
from ligero.errors import ConfigError, ShapeError
from ligero.layers.base import Layer
from ligero.layers.core import _regularizer, _serialize_regularizer
from ligero.tensor import Tensor

__all__ = ["Embedding"]


class Embedding(Layer):
    """``y[n, t] = E[x[n, t]]``: each index in ``[0, input_dim)`` picks a row of ``embeddings``.

    ``embeddings_initializer="uniform"`` is Keras's U(-0.05, 0.05). ``mask_zero=True`` marks
    index 0 as padding: the output carries the mask ``x != 0`` (:mod:`ligero.masks`), which
    the recurrent layers, global pooling, the losses and the metrics then respect (index 0
    still gets its row). The gradient of a row is the sum of the gradients of the positions
    that picked it.
    """

    def __init__(self, input_dim: int, output_dim: int, embeddings_initializer: Any = "uniform",
                 embeddings_regularizer: Any = None, embeddings_constraint: Any = None, mask_zero: bool = False,
                 **kwargs: Any) -> None:
        kwargs.pop("input_length", None)
        super().__init__(**kwargs)
        for what, value in (("input_dim", input_dim), ("output_dim", output_dim)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
                raise ConfigError(f"Embedding: {what} must be a positive integer, got {value!r}")
        if embeddings_constraint is not None:
            raise ConfigError("Embedding: embeddings_constraint is not supported by ligero")
        self.input_dim, self.output_dim, self.mask_zero = int(input_dim), int(output_dim), bool(mask_zero)
        self.supports_masking = self.mask_zero
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = _regularizer(embeddings_regularizer)
        self.embeddings = None

    def checked_axes(self) -> tuple[int, ...]:
        """No axis: the indices may come in any shape (sequences of any length), as Keras's."""
        return ()

    def build(self, input_shape: tuple[int, ...]) -> None:
        self.embeddings = self.add_weight((self.input_dim, self.output_dim), self.embeddings_initializer,
                                          self.embeddings_regularizer, name="embeddings")

    def call(self, x: Tensor) -> Tensor:
        index = np.asarray(x.array)
        if index.size and (index.min() < 0 or index.max() >= self.input_dim):
            raise ShapeError(f"layer '{self.name}' (Embedding): indices must be in [0, {self.input_dim}), got "
                             f"values from {index.min()} to {index.max()}")
        return ops.getitem(self.embeddings, index.astype(np.intp))

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> np.ndarray | None:
        """``x != 0`` with ``mask_zero`` (index 0 is padding), else None."""
        if not self.mask_zero:
            return None
        return np.asarray(getattr(inputs, "array", inputs)) != 0

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "input_dim": self.input_dim, "output_dim": self.output_dim,
                "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
                "embeddings_regularizer": _serialize_regularizer(self.embeddings_regularizer),
                "embeddings_constraint": None, "mask_zero": self.mask_zero}
