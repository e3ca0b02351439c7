"""A restricted unpickler for data files that are pickles (the official CIFAR-10 batches).

A pickle is a program: a plain ``pickle.load`` of a hostile file can run any
code. :func:`safe_load` runs pickles through an unpickler whose
``find_class`` admits no real global at all. The few globals that the
official CIFAR-10 batches (and re-pickled copies of them) need are mapped to
small stand-ins written here, which accept only what such files contain:

- ``numpy.core.multiarray._reconstruct`` / ``numpy._core.multiarray._reconstruct``,
  ``numpy.ndarray`` and ``numpy.dtype``: the classic pickle of a NumPy array
  (protocols 0-4), rebuilt here with ``np.frombuffer``;
- ``numpy.core.numeric._frombuffer`` / ``numpy._core.numeric._frombuffer``:
  the protocol-5 pickle of a NumPy array;
- ``_codecs.encode`` with the ``latin1`` codec: how Python 3 writes ``bytes``
  in protocol-2 pickles.

Arrays may hold only booleans, integers and floats (never Python objects).
Everything else is refused with :class:`UnsafeFileError`, before it is looked
up, so nothing in the file is ever imported or called. Plain containers and
scalars (dict, list, tuple, str, bytes, int, float...) need no global and
load as usual.
"""

from __future__ import annotations

import io
import math
import pickle
import re
from collections.abc import Callable
from typing import IO, Any

import numpy as np

from ligero.errors import DataFileError, LigeroError, UnsafeFileError


class _Refused(Exception):
    """Raised by a stand-in for something a data file must never ask for."""


class _Admitted:
    """A callable stand-in for an admitted global.

    It has no ``__dict__`` and refuses ``__setstate__``, so the pickle opcodes
    that set attributes (BUILD) cannot tamper with it.
    """

    __slots__ = ("_name", "_func")

    def __init__(self, name: str, func: Callable[..., Any]) -> None:
        self._name = name
        self._func = func

    def __call__(self, *args: Any) -> Any:
        return self._func(*args)

    def __setstate__(self, state: Any) -> None:
        raise _Refused(f"the file tries to set the state of {self._name}")

    def __repr__(self) -> str:
        return f"<stand-in for {self._name}>"


Admitted = _Admitted
"""The public name of the stand-in wrapper (the torch-file unpickler, :mod:`ligero.serialization`, uses it)."""

_NDARRAY = _Admitted("numpy.ndarray", lambda *args: _refuse("calls numpy.ndarray directly"))
_DTYPE_CODE = re.compile(r"[biuf][1248]\Z")
_BYTE_ORDERS = ("<", ">", "|", "=")


def _refuse(what: str) -> Any:
    raise _Refused(f"the file {what}")


def _text(value: Any, what: str) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, str):
        return value
    raise ValueError(f"{what} is a {type(value).__name__}, expected a string")


def _as_bytes(value: Any, what: str) -> bytes:
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    if isinstance(value, str):  # Python 2 str read with encoding='latin1'
        return value.encode("latin-1")
    raise ValueError(f"{what} is a {type(value).__name__}, expected bytes")


def _shape(value: Any) -> tuple[int, ...]:
    if not isinstance(value, tuple) or not all(type(d) is int and d >= 0 for d in value):
        raise ValueError(f"invalid array shape {value!r}")
    return value


class _DType:
    """Stand-in for ``numpy.dtype(code, align, copy)`` followed by its BUILD state."""

    __slots__ = ("code", "order", "_built")

    def __init__(self, code: Any, align: Any = False, copy: Any = True) -> None:
        code = _text(code, "dtype code")
        if not _DTYPE_CODE.match(code):
            raise _Refused(f"asks for an array of dtype {code!r} (only bool, int and float are admitted)")
        self.code = code
        self.order = "|"
        self._built = False

    def __setstate__(self, state: Any) -> None:
        if self._built or not isinstance(state, tuple) or len(state) < 2:
            raise ValueError(f"invalid dtype state {state!r:.80}")
        order = _text(state[1], "dtype byte order")
        if order not in _BYTE_ORDERS or any(s is not None for s in state[2:5]):
            raise _Refused("asks for a structured or unusual dtype")
        self.order, self._built = order, True

    def numpy(self) -> np.dtype:
        prefix = self.order if self.order in "<>" else ""
        return np.dtype(prefix + self.code)


def _array(raw: Any, dtype: Any, shape: Any, fortran: bool) -> np.ndarray:
    """An array from its raw bytes, checking that they fill the shape exactly."""
    if not isinstance(dtype, _DType):
        raise ValueError(f"array dtype is a {type(dtype).__name__}")
    raw = _as_bytes(raw, "array data")
    shape = _shape(shape)
    dt = dtype.numpy()
    needed = math.prod(shape) * dt.itemsize
    if len(raw) != needed:
        raise ValueError(f"array data has {len(raw)} bytes, shape {shape} {dt} needs {needed}")
    array = np.frombuffer(raw, dtype=dt).reshape(shape, order="F" if fortran else "C")
    return array.astype(dt.newbyteorder("="), copy=False)


class _PendingArray:
    """Stand-in for ``_reconstruct(ndarray, (0,), b'b')``; its BUILD state holds the data."""

    __slots__ = ("array",)

    def __init__(self) -> None:
        self.array: np.ndarray | None = None

    def __setstate__(self, state: Any) -> None:
        if self.array is not None or not isinstance(state, tuple) or len(state) not in (4, 5):
            raise ValueError("invalid array state")
        shape, dtype, fortran, raw = state[-4:]
        self.array = _array(raw, dtype, shape, bool(fortran))


def _reconstruct(cls: Any, shape: Any = None, typecode: Any = None) -> _PendingArray:
    if cls is not _NDARRAY:
        raise _Refused(f"asks numpy to reconstruct a {cls!r:.60} (only numpy.ndarray is admitted)")
    return _PendingArray()


def _frombuffer(buf: Any, dtype: Any, shape: Any, order: Any = "C") -> np.ndarray:
    if not isinstance(buf, bytes | bytearray):
        raise ValueError("array buffer is not bytes")
    return _array(buf, dtype, shape, _text(order, "array order") == "F")


def _codecs_encode(text: Any, encoding: Any = "utf-8") -> bytes:
    if not isinstance(text, str) or encoding not in ("latin1", "latin-1"):
        raise _Refused("calls _codecs.encode with something other than a latin1 string")
    return text.encode("latin-1")


ADMITTED: dict[tuple[str, str], _Admitted] = {
    ("numpy.core.multiarray", "_reconstruct"): _Admitted("numpy _reconstruct", _reconstruct),
    ("numpy._core.multiarray", "_reconstruct"): _Admitted("numpy _reconstruct", _reconstruct),
    ("numpy", "ndarray"): _NDARRAY,
    ("numpy", "dtype"): _Admitted("numpy.dtype", _DType),
    ("numpy.core.numeric", "_frombuffer"): _Admitted("numpy _frombuffer", _frombuffer),
    ("numpy._core.numeric", "_frombuffer"): _Admitted("numpy _frombuffer", _frombuffer),
    ("_codecs", "encode"): _Admitted("_codecs.encode", _codecs_encode),
}
"""The only globals a data pickle may name, each mapped to its safe stand-in."""


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that imports nothing: see the module docstring for what it admits."""

    def __init__(self, file: IO[bytes], name: str) -> None:
        super().__init__(file, encoding="bytes")
        self.name = name

    def find_class(self, module: str, name: str) -> Any:
        try:
            return ADMITTED[(module, name)]
        except KeyError:
            raise UnsafeFileError(
                f"{self.name}: refused to load: the pickle asks for the global {module}.{name}, "
                "which a data file must not use (it could run code)"
            ) from None

    def persistent_load(self, pid: Any) -> Any:
        raise UnsafeFileError(f"{self.name}: refused to load: the pickle uses persistent ids")


_PLAIN = frozenset({int, float, bool, complex, str, bytes, bytearray, type(None)})


def _resolve(obj: Any, depth: int = 0) -> Any:
    """Replace the stand-ins left in the loaded structure by what they stand for."""
    if depth > 50:
        raise ValueError("structure nested too deeply")
    if isinstance(obj, _PendingArray):
        if obj.array is None:
            raise ValueError("an array was started but its data never came")
        return obj.array
    if isinstance(obj, _DType | _Admitted):
        raise ValueError(f"unexpected {obj!r} in the data")
    if isinstance(obj, list | tuple):
        if set(map(type, obj)) <= _PLAIN:  # the common case, checked at C speed
            return obj
        items = [_resolve(v, depth + 1) for v in obj]
        return items if isinstance(obj, list) else tuple(items)
    if isinstance(obj, dict):
        return {_resolve(k, depth + 1): _resolve(v, depth + 1) for k, v in obj.items()}
    return obj


def safe_load(file: IO[bytes] | bytes, name: str) -> Any:
    """Unpickle a data file without ever importing or running anything it names.

    ``file`` is an open binary file (or the bytes of one); ``name`` names it
    in error messages. Python 2 strings come back as ``bytes``; NumPy arrays
    come back read-only. Raises :class:`UnsafeFileError` if the pickle asks
    for anything not admitted, :class:`DataFileError` if it is truncated or
    malformed.
    """
    if isinstance(file, bytes | bytearray):
        file = io.BytesIO(file)
    try:
        return _resolve(RestrictedUnpickler(file, name).load())
    except LigeroError:
        raise
    except _Refused as exc:
        raise UnsafeFileError(f"{name}: refused to load: {exc}") from None
    except EOFError:
        raise DataFileError(f"{name}: truncated pickle (the data end too early)") from None
    except Exception as exc:  # noqa: BLE001 - any failure of a hostile or broken file
        reason = str(exc) or type(exc).__name__
        if "truncated" in reason:
            raise DataFileError(f"{name}: truncated pickle ({reason})") from None
        raise DataFileError(f"{name}: not a valid data pickle ({reason})") from None
