"""PyTorch's dtype objects and type-promotion rules, over NumPy's dtypes.

``ligero.float32`` prints as ``torch.float32`` (so ``str(t.dtype)`` reads the
same on both faces), compares equal to itself and to the NumPy dtype it stands
for, and carries that NumPy dtype as ``.dtype``, so NumPy accepts it anywhere a
dtype goes (``np.zeros(3, dtype=ligero.float32)``).

Promotion (``result_type``) follows torch: the higher category wins (bool <
integer < floating); within a category, a tensor with dimensions beats a 0-d
tensor, which beats a Python number; equals promote as NumPy does. A Python
float meeting an integer tensor gives the default dtype, float32.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np


class dtype:  # noqa: N801 - torch's name
    """One element type: ``torch.<name>`` on the face, a NumPy dtype inside (``.dtype``)."""

    __slots__ = ("name", "dtype", "is_floating_point", "is_signed", "itemsize")

    def __init__(self, name: str, np_dtype: Any) -> None:
        self.name = name
        self.dtype = np.dtype(np_dtype)
        self.is_floating_point = self.dtype.kind == "f"
        self.is_signed = self.dtype.kind in "fi"
        self.itemsize = self.dtype.itemsize

    @property
    def is_complex(self) -> bool:
        return self.dtype.kind == "c"

    def __getattr__(self, attr: str) -> Any:
        """NumPy's dtype attributes (``kind``, ``char``, ``type``...), so code written for NumPy
        dtypes (the Keras face, the course code) reads a Tensor's dtype unchanged."""
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(object.__getattribute__(self, "dtype"), attr)

    def __repr__(self) -> str:
        return f"torch.{self.name}"

    __str__ = __repr__

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, dtype):
            return self is other
        if other is None or isinstance(other, str):
            return False
        try:
            return np.dtype(other) == self.dtype
        except TypeError:
            return NotImplemented

    def __hash__(self) -> int:
        return hash(self.dtype)

    def __reduce__(self) -> str:
        return self.name  # pickles as the module-level object of that name


float32 = dtype("float32", np.float32)
float64 = dtype("float64", np.float64)
float16 = dtype("float16", np.float16)
int64 = dtype("int64", np.int64)
int32 = dtype("int32", np.int32)
int16 = dtype("int16", np.int16)
int8 = dtype("int8", np.int8)
uint8 = dtype("uint8", np.uint8)
bool = dtype("bool", np.bool_)  # noqa: A001 - torch's name
float = float32  # noqa: A001
double = float64
half = float16
long = int64
int = int32  # noqa: A001
short = int16
complex64 = dtype("complex64", np.complex64)
complex128 = dtype("complex128", np.complex128)
cfloat, cdouble = complex64, complex128

_ALL = (float32, float64, float16, int64, int32, int16, int8, uint8, bool, complex64, complex128)
_BY_NUMPY: dict[np.dtype, dtype] = {d.dtype: d for d in _ALL}
_PYTHON: dict[type, dtype] = {builtins.float: float64, builtins.int: int64, builtins.bool: bool}
DEFAULT_FLOAT = float32  # torch's default dtype; set_default_dtype changes it


def set_default_dtype(d: Any) -> None:
    """torch's ``set_default_dtype``: the dtype of float creation functions (``zeros``, ``rand``, ``arange``
    with float bounds...), of tensors made from Python floats, of new layers' parameters and of a Python float
    meeting an integer tensor. Only floating dtypes (float32, float64, float16) are accepted, as in torch."""
    global DEFAULT_FLOAT
    np_dtype = to_numpy(d) if isinstance(d, dtype) else None
    if np_dtype is None or np_dtype.kind != "f":
        raise TypeError(f"only floating-point types are supported as the default type, got {d!r}")
    DEFAULT_FLOAT = of(np_dtype)


def get_default_dtype() -> dtype:
    """The current default floating dtype (float32 unless :func:`set_default_dtype` changed it)."""
    return DEFAULT_FLOAT


def of(np_dtype: np.dtype) -> dtype:
    """The dtype object of a NumPy dtype (an unknown one gets an object of its own)."""
    found = _BY_NUMPY.get(np_dtype)
    if found is None:
        found = _BY_NUMPY[np_dtype] = dtype(np.dtype(np_dtype).name, np_dtype)
    return found


def to_numpy(value: Any) -> np.dtype | None:
    """The NumPy dtype for a dtype given as a ligero dtype, a NumPy dtype, a name or a Python type.

    As in torch, ``dtype=float`` means float64 and ``dtype=int`` int64.
    """
    if value is None:
        return None
    if isinstance(value, dtype):
        return value.dtype
    if isinstance(value, type) and value in _PYTHON:
        return _PYTHON[value].dtype
    if isinstance(value, str) and value.startswith("torch."):
        value = value[len("torch."):]
    return np.dtype(value)


def category(np_dtype: np.dtype) -> int:
    """0 for bool, 1 for integers, 2 for floating point, 3 for complex."""
    kind = np_dtype.kind
    return 2 if kind == "f" else 3 if kind == "c" else 0 if kind == "b" else 1


def scalar_dtype(value: Any) -> np.dtype:
    """The dtype a Python number takes alone: bool, int64 or the default float32."""
    if isinstance(value, (builtins.bool, np.bool_)):
        return np.dtype(np.bool_)
    if isinstance(value, (builtins.int, np.integer)):
        return np.dtype(np.int64)
    return DEFAULT_FLOAT.dtype


def result_type(*operands: tuple[np.dtype, builtins.int]) -> np.dtype:
    """torch's promotion of ``(dtype, priority)`` pairs; priority 2: has dims, 1: 0-d tensor, 0: number."""
    best_cat = max(category(d) for d, _ in operands)
    top = [(d, p) for d, p in operands if category(d) == best_cat]
    best_priority = max(p for _, p in top)
    if best_priority == 0 and best_cat == 2:
        return DEFAULT_FLOAT.dtype
    if best_priority == 0 and best_cat == 1:
        return np.dtype(np.int64)
    if best_priority == 0 and best_cat == 3:
        return np.dtype(np.complex128 if DEFAULT_FLOAT.dtype == np.float64 else np.complex64)
    kept = [d for d, p in top if p == best_priority]
    out = kept[0]
    for d in kept[1:]:
        out = np.promote_types(out, d)
    return out



class finfo:  # noqa: N801 - torch's name
    """Machine limits of a floating dtype (torch's ``finfo``): ``bits, eps, max, min, tiny``
    (= ``smallest_normal``), ``resolution`` and ``dtype`` (its name)."""

    def __init__(self, type: Any = None) -> None:  # noqa: A002 - torch's name
        info = np.finfo(to_numpy(type) or np.float32)
        self.bits, self.eps = builtins.int(info.bits), builtins.float(info.eps)
        self.resolution = builtins.float(info.resolution)
        self.max, self.min = builtins.float(info.max), builtins.float(info.min)
        self.tiny = self.smallest_normal = builtins.float(info.smallest_normal)
        self.dtype = str(of(info.dtype)).removeprefix("torch.")

    def __repr__(self) -> str:
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, eps={self.eps:g}, "
                f"smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo:  # noqa: N801 - torch's name
    """Limits of an integer dtype (torch's ``iinfo``): ``bits, max, min`` and ``dtype`` (its name)."""

    def __init__(self, type: Any) -> None:  # noqa: A002 - torch's name
        info = np.iinfo(to_numpy(type))
        self.bits, self.max, self.min = builtins.int(info.bits), builtins.int(info.max), builtins.int(info.min)
        self.dtype = str(of(info.dtype)).removeprefix("torch.")

    def __repr__(self) -> str:
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"
