"""A small protocol-2 pickle writer that emits only the opcodes torch's weights-only unpickler reads.

ligero cannot use :mod:`pickle`'s own Pickler to write torch files: a torch file
names torch's functions (``torch._utils._rebuild_tensor_v2``, ``torch.FloatStorage``...)
as globals, and the standard Pickler insists on importing every global it writes.
This writer emits the opcodes itself, and only those that
``torch._weights_only_unpickler`` accepts: containers (EMPTY_DICT/LIST/TUPLE,
MARK, SETITEMS, APPENDS, TUPLE1-3), scalars (NONE, NEWTRUE/NEWFALSE, BININT*,
LONG1, BINFLOAT, BINUNICODE), GLOBAL, REDUCE, BUILD and BINPERSID (the storages).

An object to write is a plain Python value, or one of the two small records
below: :class:`Global` (a name to write as a GLOBAL) and :class:`Reduce`
(``callable(*args)``, then an optional BUILD state and dict items).
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PROTO, STOP, MARK = b"\x80", b".", b"("
EMPTY_DICT, EMPTY_LIST, EMPTY_TUPLE = b"}", b"]", b")"
SETITEMS, APPENDS, TUPLE = b"u", b"e", b"t"
TUPLE1, TUPLE2, TUPLE3 = b"\x85", b"\x86", b"\x87"
NONE, NEWTRUE, NEWFALSE = b"N", b"\x88", b"\x89"
BININT, BININT1, BININT2, LONG1 = b"J", b"K", b"M", b"\x8a"
BINFLOAT, BINUNICODE = b"G", b"X"
GLOBAL, REDUCE, BUILD, BINPERSID = b"c", b"R", b"b", b"Q"
_BATCH = 1000  # items per MARK ... SETITEMS/APPENDS group, as the standard Pickler does


@dataclass(frozen=True)
class Global:
    """A module-level name (``module.name``) written as a GLOBAL opcode."""

    module: str
    name: str


@dataclass
class Reduce:
    """``func(*args)`` at load time; then ``state`` (BUILD) and ``items`` (dict items), if any."""

    func: Global
    args: tuple[Any, ...]
    state: Any = None
    items: list[tuple[Any, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Persistent:
    """A persistent id (torch's storage reference), written as BINPERSID."""

    pid: tuple[Any, ...]


def dumps(obj: Any, encode: Callable[[Any], Any] | None = None) -> bytes:
    """The pickle (protocol 2) of ``obj``; ``encode`` maps values the writer does not know to records."""
    out: list[bytes] = [PROTO, b"\x02"]
    _Writer(out, encode).write(obj)
    out.append(STOP)
    return b"".join(out)


class _Writer:
    def __init__(self, out: list[bytes], encode: Callable[[Any], Any] | None) -> None:
        self.out = out
        self.encode = encode
        self.depth = 0

    def write(self, obj: Any) -> None:
        self.depth += 1
        if self.depth > 200:
            raise ValueError("save: the object is nested more than 200 levels deep (a cycle?)")
        try:
            self._write(obj)
        finally:
            self.depth -= 1

    def _write(self, obj: Any) -> None:  # noqa: C901 - one branch per kind of value
        out = self.out
        if obj is None:
            out.append(NONE)
        elif obj is True or obj is False:
            out.append(NEWTRUE if obj else NEWFALSE)
        elif type(obj) is int:
            self._int(obj)
        elif type(obj) is float:
            out.append(BINFLOAT + struct.pack(">d", obj))
        elif type(obj) is str:
            data = obj.encode("utf-8", "surrogatepass")
            out.append(BINUNICODE + struct.pack("<I", len(data)) + data)
        elif type(obj) in (bytes, bytearray):
            # protocol 2 writes bytes as _codecs.encode(latin-1 text, 'latin1'), as the standard Pickler does
            self._write(Reduce(Global("_codecs", "encode"), (bytes(obj).decode("latin-1"), "latin1")))
        elif type(obj) is tuple:
            self._tuple(obj)
        elif type(obj) is list:
            out.append(EMPTY_LIST)
            self._batched(list(obj), APPENDS, pairs=False)
        elif type(obj) is dict:
            out.append(EMPTY_DICT)
            self._batched(list(obj.items()), SETITEMS, pairs=True)
        elif isinstance(obj, Global):
            out.append(GLOBAL + f"{obj.module}\n{obj.name}\n".encode())
        elif isinstance(obj, Reduce):
            self._reduce(obj)
        elif isinstance(obj, Persistent):
            self._tuple(obj.pid)
            out.append(BINPERSID)
        else:
            encoded = self.encode(obj) if self.encode is not None else None
            if encoded is None:
                raise TypeError(
                    f"save: cannot store a {type(obj).__module__}.{type(obj).__qualname__} in a torch file "
                    "(only tensors, dicts, lists, tuples, numbers, strings, bytes and None)"
                )
            self.write(encoded)

    def _int(self, value: int) -> None:
        if 0 <= value < 0x100:
            self.out.append(BININT1 + bytes([value]))
        elif 0 <= value < 0x10000:
            self.out.append(BININT2 + struct.pack("<H", value))
        elif -0x80000000 <= value < 0x80000000:
            self.out.append(BININT + struct.pack("<i", value))
        else:
            data = value.to_bytes((value.bit_length() + 8) // 8, "little", signed=True)
            self.out.append(LONG1 + bytes([len(data)]) + data)

    def _tuple(self, items: tuple[Any, ...]) -> None:
        if not items:
            self.out.append(EMPTY_TUPLE)
            return
        if len(items) <= 3:
            for item in items:
                self.write(item)
            self.out.append((TUPLE1, TUPLE2, TUPLE3)[len(items) - 1])
            return
        self.out.append(MARK)
        for item in items:
            self.write(item)
        self.out.append(TUPLE)

    def _batched(self, items: list[Any], opcode: bytes, pairs: bool) -> None:
        for start in range(0, len(items), _BATCH):
            self.out.append(MARK)
            for item in items[start:start + _BATCH]:
                if pairs:
                    self.write(item[0])
                    self.write(item[1])
                else:
                    self.write(item)
            self.out.append(opcode)

    def _reduce(self, obj: Reduce) -> None:
        self.write(obj.func)
        self._tuple(obj.args)
        self.out.append(REDUCE)
        if obj.items:
            self._batched(obj.items, SETITEMS, pairs=True)
        if obj.state is not None:
            self.write(obj.state)
            self.out.append(BUILD)
