"""Opening data files: gzip detected by content, errors that name the path."""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO

from ligero._atomic import temporary_sibling
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


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it to ``path``.

    A failed write (a full disk...) leaves any previous file at ``path`` untouched
    and raises :class:`DataFileError` naming the path, with the original ``errno``.
    """
    tmp = temporary_sibling(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "xb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        error = DataFileError(f"{path}: could not write ({exc.strerror or exc}); any previous file is unchanged")
        error.errno = exc.errno  # (setting strerror or filename would change how the message prints)
        raise error from exc
    finally:
        tmp.unlink(missing_ok=True)

