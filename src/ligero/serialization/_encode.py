"""What ``ligero.save`` writes for each kind of object: torch's own pickle records, and the storages.

A Tensor is written as ``torch.save`` writes one: ``_rebuild_tensor_v2(storage,
offset, size, stride, requires_grad, OrderedDict())`` with the storage a
persistent id ``('storage', torch.FloatStorage, key, 'cpu', numel)`` whose
bytes go to ``data/<key>``; tensors that view one NumPy array share one storage
(offsets and strides kept). A Parameter wraps that in ``_rebuild_parameter``.
A NumPy array is written as a tensor (a torch file cannot hold NumPy objects
that ``torch.load(weights_only=True)`` accepts), a NumPy scalar as a Python number.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import numpy as np

from ligero.serialization import _dtypes
from ligero.serialization._pickle_writer import Global, Persistent, Reduce

_ORDERED_DICT = Global("collections", "OrderedDict")
_REBUILD_TENSOR = Global("torch._utils", "_rebuild_tensor_v2")
_REBUILD_PARAMETER = Global("torch._utils", "_rebuild_parameter")


def _empty_hooks() -> Reduce:
    return Reduce(_ORDERED_DICT, ())


class StorageTable:
    """The storages met while encoding, one per underlying array, in the order they were met."""

    def __init__(self) -> None:
        self.keys: dict[int, int] = {}
        self.roots: list[np.ndarray] = []  # kept alive, so that their ids stay theirs
        self.arrays: list[np.ndarray] = []

    def add(self, root: np.ndarray) -> int:
        """The key of the storage holding the C-contiguous array ``root``."""
        if id(root) not in self.keys:
            self.keys[id(root)] = len(self.arrays)
            self.roots.append(root)
            self.arrays.append(root.reshape(-1))
        return self.keys[id(root)]

    def payloads(self) -> list[bytes]:
        """Each storage's raw little-endian bytes."""
        return [np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("<")).tobytes() for a in self.arrays]


def _layout(array: np.ndarray) -> tuple[np.ndarray, int, tuple[int, ...]]:
    """(storage array, offset, strides) in elements; the array's own base if it is a plain view of one."""
    root = array
    while isinstance(root.base, np.ndarray):
        root = root.base
    item = array.itemsize
    if root is not array and root.dtype == array.dtype and root.flags.c_contiguous:
        start = array.__array_interface__["data"][0] - root.__array_interface__["data"][0]
        strides = array.strides
        if start >= 0 and start % item == 0 and all(s >= 0 and s % item == 0 for s in strides):
            offset, steps = start // item, tuple(s // item for s in strides)
            extent = offset + sum((n - 1) * s for n, s in zip(array.shape, steps)) if array.size else offset
            if extent < max(root.size, 1):
                return root, offset, steps
    flat = array if array.flags.c_contiguous else array.copy(order="C")
    return flat, 0, tuple(s // item for s in flat.strides)


class Encoder:
    """Maps ligero's and NumPy's objects to pickle records (the ``encode`` hook of the writer)."""

    def __init__(self) -> None:
        self.storages = StorageTable()

    def __call__(self, obj: Any) -> Any:
        from ligero.nn import Parameter
        from ligero.tensor import Tensor

        if isinstance(obj, Parameter):
            return Reduce(_REBUILD_PARAMETER, (self.tensor(obj.array, False), bool(obj.requires_grad),
                                               _empty_hooks()))
        if isinstance(obj, Tensor):
            return self.tensor(obj.array, bool(obj.requires_grad))
        if isinstance(obj, np.ndarray):
            return self.tensor(obj, False)
        if isinstance(obj, np.generic):
            return obj.item()
        if isinstance(obj, OrderedDict):
            state = {"_metadata": obj._metadata} if isinstance(getattr(obj, "_metadata", None), dict) else None
            return Reduce(_ORDERED_DICT, (), state=state, items=list(obj.items()))
        if isinstance(obj, dict):
            return dict(obj)
        return self._named(obj)

    def _named(self, obj: Any) -> Any:
        """torch.Size, dtypes, devices and sets: what torch writes for them."""
        kind = type(obj).__name__
        if isinstance(obj, tuple) and kind == "Size":
            return Reduce(Global("torch", "Size"), (tuple(int(d) for d in obj),))
        dtype = _dtypes.numpy_dtype(obj)
        if dtype is not None and dtype in _dtypes.TORCH_NAME_OF_DTYPE:
            return Global("torch", _dtypes.TORCH_NAME_OF_DTYPE[dtype])
        if kind == "device" and str(obj).startswith("cpu"):
            return Reduce(Global("torch", "device"), (str(obj),))
        if isinstance(obj, (set, frozenset)):
            return Reduce(Global("builtins", type(obj).__name__), (list(obj),))
        return None

    def tensor(self, array: np.ndarray, requires_grad: bool) -> Reduce:
        array = np.asarray(array)
        if array.dtype not in _dtypes.STORAGE_OF_DTYPE:
            array = array.astype(array.dtype.newbyteorder("="))
            if array.dtype not in _dtypes.STORAGE_OF_DTYPE:
                raise TypeError(f"save: cannot store an array of dtype {array.dtype} in a torch file")
        root, offset, strides = _layout(array)
        key = self.storages.add(root)
        storage = Persistent(("storage", Global("torch", _dtypes.STORAGE_OF_DTYPE[root.dtype]), str(key),
                              "cpu", int(root.size)))
        return Reduce(_REBUILD_TENSOR, (storage, offset, tuple(int(n) for n in array.shape), strides,
                                        requires_grad, _empty_hooks()))
