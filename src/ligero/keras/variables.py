"""``keras.Variable``: a trainable state tensor that optimizers update in place (as far as ligero needs it)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ligero.nn.parameter import Parameter
from ligero.tensor import Tensor, settle_lazy_gradients


class Variable(Parameter):
    """Keras 3's ``Variable(initializer, shape=None, dtype=None, trainable=True, name=None)``.

    ``initializer`` is an array-like value or a callable ``initializer(shape, dtype)``;
    floating values default to float32 (Keras's floatx). ``assign``/``assign_add``/
    ``assign_sub`` write in place; ``numpy()`` and ``value`` read it.
    """

    __slots__ = ()

    def __init__(self, initializer: Any, shape: Any = None, dtype: Any = None, trainable: bool = True,
                 name: str | None = None) -> None:
        if callable(initializer):
            initializer = initializer(tuple(shape), dtype or "float32")
        value = np.asarray(initializer.array if isinstance(initializer, Tensor) else initializer)
        if dtype is None and np.issubdtype(value.dtype, np.floating):
            dtype = "float32"
        super().__init__(np.array(value, dtype=dtype), trainable=trainable, name=name)

    @property
    def trainable(self) -> bool:
        return self.requires_grad

    @trainable.setter
    def trainable(self, flag: bool) -> None:
        self.requires_grad = bool(flag)

    @property
    def value(self) -> Tensor:
        """The current value, as a tensor sharing memory."""
        return Tensor(self.array)

    def numpy(self) -> np.ndarray:
        """A copy of the value as a NumPy array (Keras's ``Variable.numpy``; no torch-style refusal)."""
        return np.array(self.array, copy=True)

    def assign(self, value: Any) -> Variable:
        settle_lazy_gradients((self.array,))
        self.array[...] = value.array if isinstance(value, Tensor) else value
        return self

    def assign_add(self, value: Any) -> Variable:
        settle_lazy_gradients((self.array,))
        self.array += value.array if isinstance(value, Tensor) else value
        return self

    def assign_sub(self, value: Any) -> Variable:
        settle_lazy_gradients((self.array,))
        self.array -= value.array if isinstance(value, Tensor) else value
        return self

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self.array if dtype is None else self.array.astype(dtype)

    def __repr__(self) -> str:
        return f"<Variable path={self.name}, shape={self.shape}, dtype={self.dtype}, value={self.array}>"
