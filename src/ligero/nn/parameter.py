"""Parameter: a leaf tensor that a Module owns and an optimizer updates."""

from __future__ import annotations

from typing import Any

from ligero.tensor import Tensor


class Parameter(Tensor):
    """A trainable leaf tensor (``requires_grad=True`` unless ``trainable=False``).

    ``regularizer``, when set, is a callable ``R(W) -> Tensor`` whose value is
    added to the training loss (see :mod:`ligero.regularizers`).
    """

    __slots__ = ("regularizer",)

    def __init__(self, data: Any, trainable: bool = True, dtype: Any = None, name: str | None = None):
        super().__init__(data, requires_grad=trainable, dtype=dtype, name=name)
        self.regularizer = None

    def __repr__(self) -> str:
        return "Parameter" + super().__repr__()[len("tensor"):]
