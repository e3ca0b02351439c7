"""Parameter: a leaf tensor that a Module owns and an optimizer updates."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero import dtypes
from ligero.tensor import Tensor


class Parameter(Tensor):
    """A trainable leaf tensor: ``Parameter(data, requires_grad=True)``, as ``torch.nn.Parameter``.

    Made from a Tensor it shares that tensor's memory (as PyTorch's); made from
    anything else (a NumPy array, a list) it holds its own copy, so that an
    optimizer's in-place update never overwrites a caller's array behind its back.
    ``Parameter()`` is an empty float32 parameter. ``trainable`` is the Keras face's
    name for ``requires_grad``; ``regularizer``, when set, is a callable
    ``R(W) -> Tensor`` whose value is added to the training loss (see :mod:`ligero.regularizers`);
    ``constraint``, when set, one the Keras optimizers apply after each update (:mod:`ligero.constraints`).
    """

    __slots__ = ("regularizer", "constraint")

    def __init__(
        self,
        data: Any = None,
        requires_grad: bool = True,
        *,
        trainable: bool | None = None,
        dtype: Any = None,
        name: str | None = None,
    ) -> None:
        if data is None:
            data = np.empty(0, dtype=dtypes.DEFAULT_FLOAT.dtype)
        elif isinstance(data, Tensor):
            data = data.array if dtype is None or np.dtype(dtype) == data.array.dtype else data.array.astype(dtype)
        else:
            data = np.array(data, dtype=dtype if dtype is not None else _default_dtype(data), copy=True)
        super().__init__(data, requires_grad=requires_grad if trainable is None else trainable, name=name)
        self.regularizer = self.constraint = None

    def __repr__(self) -> str:
        body = Tensor.__repr__(Tensor(self.array))
        return "Parameter containing:\n" + body[:-1] + ", requires_grad=True)" if self.requires_grad else \
            "Parameter containing:\n" + body


def _default_dtype(data: Any) -> Any:
    """A floating array keeps its dtype (as ``tensor()``); anything else becomes float32."""
    if isinstance(data, (np.ndarray, np.generic)) and data.dtype.kind in "fc":
        return data.dtype
    if isinstance(data, (np.ndarray, np.generic)) and data.dtype.kind in "iub":
        return data.dtype
    return np.float32
