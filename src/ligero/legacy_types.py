"""torch's legacy tensor types (``torch.FloatTensor``, ``torch.LongTensor``, ...) and
``set_default_tensor_type``, as old tutorials use them.

Each type is a class whose call makes a Tensor of its dtype (``FloatTensor([1, 2])``, or
``FloatTensor(2, 3)`` for a shape, zero-filled) and whose ``isinstance`` checks the dtype
(``isinstance(t, torch.FloatTensor)`` holds for a float32 tensor only), as in torch.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ligero import dtypes
from ligero.tensor import Tensor


class _LegacyType(type):
    dtype: dtypes.dtype

    def __instancecheck__(cls, obj: Any) -> bool:
        return isinstance(obj, Tensor) and obj.array.dtype == cls.dtype.dtype

    def __call__(cls, *args: Any) -> Tensor:
        if args and all(isinstance(a, (int, np.integer)) and not isinstance(a, bool) for a in args):
            return Tensor(np.zeros(tuple(int(a) for a in args), cls.dtype.dtype), dtype=cls.dtype.dtype)
        if len(args) > 1:
            raise TypeError(f"{cls.__name__}() takes data or sizes, got {len(args)} arguments")
        data = args[0] if args else []
        return Tensor(np.array(data.array if isinstance(data, Tensor) else data, dtype=cls.dtype.dtype),
                      dtype=cls.dtype.dtype)

    def __repr__(cls) -> str:
        return f"<class 'torch.{cls.__name__}'>"


def _legacy(name: str, dtype: dtypes.dtype) -> type:
    return _LegacyType(name, (), {"dtype": dtype, "__module__": "torch"})


FloatTensor = _legacy("FloatTensor", dtypes.float32)
DoubleTensor = _legacy("DoubleTensor", dtypes.float64)
HalfTensor = _legacy("HalfTensor", dtypes.float16)
LongTensor = _legacy("LongTensor", dtypes.int64)
IntTensor = _legacy("IntTensor", dtypes.int32)
ShortTensor = _legacy("ShortTensor", dtypes.int16)
CharTensor = _legacy("CharTensor", dtypes.int8)
ByteTensor = _legacy("ByteTensor", dtypes.uint8)
BoolTensor = _legacy("BoolTensor", dtypes.bool)
TYPES = {t.__name__: t for t in (FloatTensor, DoubleTensor, HalfTensor, LongTensor, IntTensor, ShortTensor,
                                 CharTensor, ByteTensor, BoolTensor)}


def set_default_tensor_type(t: Any) -> None:
    """Deprecated in torch 2.1: the default dtype from a legacy type (``torch.DoubleTensor``) or its name
    (``'torch.DoubleTensor'``); only floating types, as in torch (see :func:`dtypes.set_default_dtype`)."""
    warnings.warn("torch.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use "
                  "torch.set_default_dtype() and torch.set_default_device() as alternatives.", UserWarning,
                  stacklevel=2)
    name = t.removeprefix("torch.") if isinstance(t, str) else getattr(t, "__name__", None)
    if name not in TYPES:
        raise TypeError(f"invalid type: {t!r} (expected a legacy tensor type such as torch.DoubleTensor)")
    if not TYPES[name].dtype.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    dtypes.set_default_dtype(TYPES[name].dtype)
