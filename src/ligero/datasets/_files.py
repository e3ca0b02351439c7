"""Opening data files: gzip detected by content, errors that name the path."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO

from ligero.errors import DataFileError

GZIP_MAGIC = b"\x1f\x8b"


def open_binary(path: Path) -> IO[bytes]:
    """Open ``path`` for reading bytes, decompressing it if it is gzip (by its first bytes)."""
    try:
        with open(path, "rb") as f:
            magic = f.read(2)
        return gzip.open(path, "rb") if magic == GZIP_MAGIC else open(path, "rb")
    except FileNotFoundError:
        raise DataFileError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise DataFileError(f"{path}: is a directory, expected a file") from None
    except OSError as exc:
        raise DataFileError(f"{path}: cannot open ({exc.strerror or exc})") from None


def read_bytes(path: Path) -> bytes:
    """All the (decompressed) bytes of ``path``."""
    with open_binary(path) as f:
        return guarded_read(path, f.read)


def guarded_read(path: Path, read: Callable[[], bytes]) -> bytes:
    """Call ``read()``, turning decompression and I/O failures into :class:`DataFileError`."""
    try:
        return read()
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise DataFileError(f"{path}: truncated or corrupted gzip data ({exc})") from None
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
