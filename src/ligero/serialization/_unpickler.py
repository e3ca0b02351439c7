"""The restricted unpickler of torch files: tensors, state dicts and plain data, nothing else.

A torch file's ``data.pkl`` names torch's functions as globals and calls them
(``torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)``).
:class:`TorchUnpickler` imports none of them: :data:`ADMITTED` maps the few
globals such files use to small stand-ins written here that build ligero's
objects, and every other global is refused by name before it is looked up,
so nothing a file names is ever imported or called. REDUCE may call only those
stand-ins, BUILD may only set an OrderedDict's ``_metadata`` (a state dict's),
and the opcodes that create arbitrary instances (NEWOBJ, INST, OBJ) are refused.
Storages (``persistent_load``) are read from the archive's ``data/<key>``
records, checked against the size the file announces.
"""

from __future__ import annotations

import io
import math
import pickle
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np

from ligero.datasets.safe_pickle import Admitted
from ligero.errors import LigeroError
from ligero.serialization import _dtypes
from ligero.serialization.errors import damaged, refused


class StateDict(OrderedDict):
    """Stand-in for ``collections.OrderedDict`` while loading; its BUILD may set only ``_metadata``."""

    def __setstate__(self, state: Any) -> None:
        if not isinstance(state, dict) or set(state) - {"_metadata"}:
            raise _Refusal(f"sets attributes {sorted(map(str, state))!r:.80} on an OrderedDict")
        if "_metadata" in state:
            self._metadata = state["_metadata"]


class _DTypeName:
    """Stand-in for ``torch.float32`` and the like while loading: replaced by the face's dtype after."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class _Refusal(Exception):
    """Raised inside the unpickler when the file asks for something never admitted."""


class Storage:
    """A storage read from the archive: a flat, writable array of its elements."""

    __slots__ = ("array",)

    def __init__(self, array: np.ndarray) -> None:
        self.array = array


class _StorageType:
    """Stand-in for ``torch.FloatStorage`` and the like: only the dtype of a storage."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


def _tensor_class() -> type:
    from ligero.tensor import Tensor

    return Tensor


def _view(storage: Any, offset: Any, size: Any, stride: Any) -> np.ndarray:
    """The array ``storage[offset:]`` seen with ``size`` and ``stride`` (in elements), bounds checked."""
    if not isinstance(storage, Storage):
        raise _Refusal("rebuilds a tensor from something that is not a storage")
    size, stride = tuple(size), tuple(stride)
    if type(offset) is not int or offset < 0 or len(size) != len(stride) or not all(
            type(v) is int and v >= 0 for v in size + stride):
        raise ValueError(f"invalid tensor layout: offset {offset!r}, size {size!r}, stride {stride!r}")
    base = storage.array
    if math.prod(size) > 0:
        last = offset + sum((n - 1) * s for n, s in zip(size, stride))
        if last >= base.size:
            raise ValueError(f"a tensor of size {size} and stride {stride} at offset {offset} reaches "
                             f"past its storage of {base.size} elements")
    elif offset > base.size:
        raise ValueError(f"tensor offset {offset} is past its storage of {base.size} elements")
    item = base.itemsize
    return np.lib.stride_tricks.as_strided(base[offset:], shape=size, strides=tuple(s * item for s in stride))


def rebuild_tensor(storage: Any, offset: Any, size: Any, stride: Any, requires_grad: Any = False,
                   hooks: Any = None, metadata: Any = None) -> Any:
    """``torch._utils._rebuild_tensor_v2``: a ligero Tensor viewing ``storage``."""
    array = _view(storage, offset, size, stride)
    tensor = _tensor_class()(array, dtype=array.dtype)
    tensor.array = array  # the view itself, so tensors of one storage keep sharing it
    if requires_grad is True:
        tensor.requires_grad = np.issubdtype(array.dtype, np.floating)
    return tensor


def rebuild_parameter(data: Any, requires_grad: Any = True, hooks: Any = None, state: Any = None) -> Any:
    """``torch._utils._rebuild_parameter``: a ligero Parameter over ``data``'s values."""
    from ligero.nn import Parameter

    if not isinstance(data, _tensor_class()):
        raise _Refusal("rebuilds a Parameter from something that is not a tensor")
    parameter = Parameter(data.array)
    parameter.array = data.array
    parameter.requires_grad = bool(requires_grad)
    return parameter


_TENSOR_TYPE = object()
_PARAMETER_TYPE = object()


def rebuild_from_type(func: Any, new_type: Any, args: Any, state: Any) -> Any:
    """``torch._tensor._rebuild_from_type_v2``: ``func(*args)``, a Parameter if ``new_type`` is one."""
    if not isinstance(func, Admitted) or (new_type is not _TENSOR_TYPE and new_type is not _PARAMETER_TYPE):
        raise _Refusal("rebuilds a tensor of a type that is neither torch.Tensor nor Parameter")
    result = func(*args)
    if new_type is _PARAMETER_TYPE and not hasattr(result, "regularizer"):
        result = rebuild_parameter(result)
    return result


def _size(dims: Any = ()) -> Any:
    import ligero

    dims = tuple(dims)
    if not all(type(d) is int for d in dims):
        raise ValueError(f"invalid torch.Size {dims!r:.60}")
    size_class = getattr(ligero, "Size", None)
    return size_class(dims) if size_class is not None else dims


def _device(kind: Any, index: Any = None) -> Any:
    import ligero

    text = str(kind) if index is None else f"{kind}:{index}"
    device_class = getattr(ligero, "device", None)
    return device_class(text) if isinstance(device_class, type) else text


def _encode(text: Any, encoding: Any = "latin1") -> bytes:
    if not isinstance(text, str) or encoding not in ("latin1", "latin-1"):
        raise _Refusal("calls _codecs.encode with something other than a latin1 string")
    return text.encode("latin-1")


def _plain(kind: type) -> Callable[..., Any]:
    def build(items: Any = ()) -> Any:
        return kind(items)
    return build


def _admitted() -> dict[tuple[str, str], Any]:
    table: dict[tuple[str, str], Any] = {
        ("torch._utils", "_rebuild_tensor_v2"): Admitted("torch._utils._rebuild_tensor_v2", rebuild_tensor),
        ("torch._utils", "_rebuild_tensor"): Admitted("torch._utils._rebuild_tensor", rebuild_tensor),
        ("torch._utils", "_rebuild_parameter"): Admitted("torch._utils._rebuild_parameter", rebuild_parameter),
        ("torch._utils", "_rebuild_parameter_with_state"):
            Admitted("torch._utils._rebuild_parameter_with_state", rebuild_parameter),
        ("torch._tensor", "_rebuild_from_type_v2"):
            Admitted("torch._tensor._rebuild_from_type_v2", rebuild_from_type),
        ("torch", "Tensor"): _TENSOR_TYPE,
        ("torch.nn.parameter", "Parameter"): _PARAMETER_TYPE,
        ("collections", "OrderedDict"): Admitted("collections.OrderedDict", StateDict),
        ("torch", "Size"): Admitted("torch.Size", _size),
        ("torch", "device"): Admitted("torch.device", _device),
        ("torch.serialization", "_get_layout"): Admitted("torch.serialization._get_layout", lambda name: None),
        ("_codecs", "encode"): Admitted("_codecs.encode", _encode),
        ("builtins", "set"): Admitted("builtins.set", _plain(set)),
        ("builtins", "frozenset"): Admitted("builtins.frozenset", _plain(frozenset)),
        ("builtins", "bytearray"): Admitted("builtins.bytearray", _plain(bytearray)),
        ("builtins", "complex"): Admitted("builtins.complex", complex),
    }
    for name in [*_dtypes.STORAGE_DTYPES, _dtypes.BFLOAT16_STORAGE]:
        table[("torch", name)] = _StorageType(name)
    for name in _dtypes.DTYPE_NAMES:
        table[("torch", name)] = _DTypeName(name)
    return table


ADMITTED = _admitted()
"""Every global a torch file may name, each mapped to its stand-in (or value)."""

_UNSAFE_OPCODES = {pickle.NEWOBJ[0]: "NEWOBJ", pickle.NEWOBJ_EX[0]: "NEWOBJ_EX",
                   pickle.INST[0]: "INST", pickle.OBJ[0]: "OBJ"}


class TorchUnpickler(pickle._Unpickler):  # the pure-Python one: its opcodes can be restricted one by one
    """Unpickles a torch file's ``data.pkl`` admitting only :data:`ADMITTED` (see the module docstring)."""

    dispatch = dict(pickle._Unpickler.dispatch)

    def __init__(self, data: bytes, where: str, read_record: Callable[[str], bytes]) -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8")
        self.where = where
        self.read_record = read_record
        self.storages: dict[str, Storage] = {}

    def find_class(self, module: str, name: str) -> Any:
        try:
            return ADMITTED[(module, name)]
        except KeyError:
            raise refused(self.where, f"the pickle asks for the global {module}.{name}") from None

    def persistent_load(self, pid: Any) -> Storage:
        if not (isinstance(pid, tuple) and len(pid) == 5 and pid[0] == "storage"):
            raise _Refusal(f"uses the persistent id {pid!r:.60}, which is not a storage")
        _, kind, key, _location, numel = pid
        if not isinstance(kind, _StorageType) or not isinstance(key, str) or type(numel) is not int:
            raise ValueError(f"invalid storage reference {pid!r:.80}")
        if key not in self.storages:
            self.storages[key] = Storage(_read_storage(self.read_record(f"data/{key}"), kind.name, numel, key))
        return self.storages[key]

    def load_reduce(self) -> None:
        args = self.stack.pop()
        func = self.stack[-1]
        if not isinstance(func, Admitted) or not isinstance(args, tuple):
            raise _Refusal(f"calls {func!r:.60}, which is not an admitted function")
        self.stack[-1] = func(*args)

    def load_build(self) -> None:
        state = self.stack.pop()
        target = self.stack[-1]
        if not isinstance(target, StateDict):
            raise _Refusal(f"sets the state of a {type(target).__name__} (only an OrderedDict's may be set)")
        target.__setstate__(state)

    def _refuse_opcode(self) -> None:
        raise _Refusal("uses an opcode that creates arbitrary objects")

    dispatch[pickle.REDUCE[0]] = load_reduce
    dispatch[pickle.BUILD[0]] = load_build
    for _code in _UNSAFE_OPCODES:
        dispatch[_code] = _refuse_opcode


def _read_storage(raw: bytes, kind: str, numel: int, key: str) -> np.ndarray:
    if kind == _dtypes.BFLOAT16_STORAGE:
        halves = _read_storage(raw, "ShortStorage", numel, key).view(np.uint16)
        return (halves.astype(np.uint32) << 16).view(np.float32)
    dtype = _dtypes.STORAGE_DTYPES[kind]
    if len(raw) != numel * dtype.itemsize:
        raise ValueError(f"storage {key} has {len(raw)} bytes but announces {numel} elements of {dtype}")
    return np.frombuffer(bytearray(raw), dtype=dtype.newbyteorder("<")).astype(dtype, copy=False)


def unpickle(data: bytes, where: str, read_record: Callable[[str], bytes]) -> Any:
    """The object in ``data`` (a torch ``data.pkl``), with stand-ins replaced by what they stand for."""
    try:
        return resolve(TorchUnpickler(data, where, read_record).load())
    except LigeroError:
        raise
    except pickle.UnpicklingError as exc:
        raise damaged(where, f"a damaged pickle ({exc})") from None
    except _Refusal as exc:
        raise refused(where, f"the pickle {exc}") from None
    except EOFError:
        raise damaged(where, "the pickle ends too early (truncated)") from None
    except Exception as exc:  # noqa: BLE001 - any failure of a hostile or broken file is one clear error
        raise damaged(where, f"not a valid torch pickle ({type(exc).__name__}: {exc})") from None


def resolve(obj: Any, depth: int = 0) -> Any:
    """Replace the loading stand-ins (StateDict, dtype names) inside ``obj`` by the real objects."""
    if depth > 200:
        raise ValueError("structure nested too deeply")
    if isinstance(obj, StateDict):
        out = OrderedDict((resolve(k, depth + 1), resolve(v, depth + 1)) for k, v in obj.items())
        if hasattr(obj, "_metadata"):
            out._metadata = resolve(obj._metadata, depth + 1)
        return out
    if type(obj) is dict:
        return {resolve(k, depth + 1): resolve(v, depth + 1) for k, v in obj.items()}
    if type(obj) is list:
        return [resolve(v, depth + 1) for v in obj]
    if isinstance(obj, _DTypeName):
        return _dtypes.face_dtype(obj.name)
    if type(obj) is tuple:
        return tuple(resolve(v, depth + 1) for v in obj)
    if isinstance(obj, (Admitted, _StorageType, Storage)) or obj is _TENSOR_TYPE or obj is _PARAMETER_TYPE:
        raise _Refusal(f"leaves {obj!r:.60} in the data")
    return obj
