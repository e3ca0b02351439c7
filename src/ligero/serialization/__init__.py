"""``ligero.save`` / ``ligero.load``: torch's own file format, so torch and ligero read each other's files.

A file is the zip archive ``torch.save`` writes (``NAME/data.pkl``: a protocol-2
pickle whose tensors refer to storages by persistent id; ``NAME/data/<key>``:
each storage's raw little-endian bytes; ``version``, ``byteorder`` and the
other small records torch 2.13 writes). ``torch.load(path, weights_only=True)``
reads what :func:`save` writes, and :func:`load` reads what ``torch.save``
writes: tensors (float16/32/64, int8-64, uint8, bool, bfloat16 read as float32),
Parameters, state dicts (OrderedDict with their ``_metadata``), optimizer state
dicts, nested dicts/lists/tuples/sets, numbers, strings, bytes, None,
``torch.Size``, dtypes and devices. Loading never imports or runs anything the
file names (see :mod:`ligero.serialization._unpickler`); saving is atomic.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import IO, Any

from ligero._atomic import atomic_write
from ligero.serialization._archive import read_archive, write_archive
from ligero.serialization._encode import Encoder
from ligero.serialization._pickle_writer import dumps
from ligero.serialization._unpickler import unpickle
from ligero.serialization.errors import DamagedTorchFileError, UnsafeTorchFileError, damaged

__all__ = ["DamagedTorchFileError", "UnsafeTorchFileError", "load", "save"]

_ZIP_MAGIC = b"PK\x03\x04"


def _as_path(f: Any) -> Path | None:
    return Path(f) if isinstance(f, (str, os.PathLike)) else None


def save(obj: Any, f: str | os.PathLike[str] | IO[bytes], pickle_module: Any = None,
         pickle_protocol: int = 2, _use_new_zipfile_serialization: bool = True) -> None:
    """Write ``obj`` to ``f`` (a path or a binary file object) in torch's zip format.

    The archive's top folder is the file's name without its extension
    (``archive`` for a file object), as torch names it. A path is written
    atomically: a temporary file beside it, renamed over it when complete.
    """
    if pickle_protocol != 2 or not _use_new_zipfile_serialization:
        raise ValueError("save: ligero writes only torch's zip format with pickle protocol 2 (torch's default)")
    encoder = Encoder()
    pickle_bytes = dumps(obj, encoder)
    storages = encoder.storages.payloads()
    path = _as_path(f)
    if path is None:
        buffer = io.BytesIO()
        write_archive(buffer, "archive", pickle_bytes, storages)
        f.write(buffer.getvalue())
        return
    with atomic_write(path, verb="save") as handle:
        write_archive(handle, os.path.splitext(path.name)[0] or "archive", pickle_bytes, storages)


def load(f: str | os.PathLike[str] | IO[bytes], map_location: Any = None, pickle_module: Any = None, *,
         weights_only: bool | None = True, mmap: bool | None = None, **pickle_load_args: Any) -> Any:
    """Read a file written by ``torch.save`` or :func:`save` (a path, or a binary file object).

    Tensors come back as ligero Tensors of the same dtype, shape and values
    (views of one storage still share it), Parameters as Parameters. ligero
    has only the CPU, so ``map_location`` may name it or be left out (tensors
    saved from another device are loaded onto the CPU). ``weights_only=False``
    admits nothing more: ligero never runs code from a file, and a file that
    asks for anything but tensors and plain data raises
    :class:`UnsafeTorchFileError` (a ``pickle.UnpicklingError``, as torch's
    weights-only loader raises) naming the file and the refused global.
    """
    _check_map_location(map_location)
    path = _as_path(f)
    where = str(path) if path is not None else getattr(f, "name", None) or "<file object>"
    if path is not None:
        if not path.exists():
            raise FileNotFoundError(2, f"{path}: no such file", str(path))
        if path.is_dir():
            raise IsADirectoryError(21, f"{path}: is a directory, not a torch file", str(path))
        with open(path, "rb") as handle:
            return _load_from(handle, where)
    return _load_from(f if _seekable(f) else io.BytesIO(f.read()), where)


def _seekable(f: Any) -> bool:
    try:
        return bool(f.seekable())
    except (AttributeError, OSError, ValueError):
        return False


def _load_from(handle: IO[bytes], where: str) -> Any:
    start = handle.tell()
    magic = handle.read(4)
    handle.seek(start)
    if magic != _ZIP_MAGIC:
        raise damaged(where, "not a torch zip file (torch.save's legacy format and other files are not read)"
                      if magic else "the file is empty")
    archive = read_archive(handle, where)
    return unpickle(archive.read("data.pkl"), where, archive.read)


def _check_map_location(map_location: Any) -> None:
    if map_location is None or callable(map_location) or isinstance(map_location, dict):
        return
    text = str(map_location)
    if not text.startswith(("cpu", "cuda", "mps", "meta")):
        raise RuntimeError(f"load: map_location {map_location!r} is not a device; ligero loads onto 'cpu'")
