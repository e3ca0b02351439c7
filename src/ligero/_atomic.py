"""The one atomic file writer: write beside the target, then rename over it.

Every file ligero writes (models, data files, downloads, experiment results)
goes through :func:`atomic_write`, so a crash, a killed process or a full disk
never leaves half a file under the target's name: the previous file survives.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ligero.errors import DataFileError


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "wb", *, verb: str = "write") -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path`` for writing; on success fsync it and rename it over ``path``.

    ``mode`` is ``"wb"`` (bytes) or ``"w"`` (UTF-8 text). The temporary file gets
    the permissions an ordinary ``open`` gives (0o666 less the umask). On any
    error, even an interrupt, the temporary file is removed and whatever was at
    ``path`` is left untouched; an ``OSError`` (a full disk, no permission...)
    becomes a :class:`DataFileError` naming ``path`` ("could not <verb>") with
    the original ``errno``.
    """
    path = Path(path)
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _create_temporary(path)
        with _open_descriptor(fd, mode) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, DataFileError):
            raise write_error(path, exc, verb) from exc
        raise


def write_error(path: Path, exc: OSError, verb: str = "write") -> DataFileError:
    """A DataFileError naming ``path`` for a failed write, keeping the errno of ``exc``."""
    error = DataFileError(f"{path}: could not {verb} ({exc.strerror or exc}); any previous file there is unchanged")
    error.errno = exc.errno  # (setting strerror or filename would change how the message prints)
    return error


def _create_temporary(path: Path) -> tuple[int, Path]:
    """Create a new hidden file beside ``path`` (``.name.<pid>.<random>.tmp``); return its descriptor and name.

    Created with mode 0o666 less the umask, so the renamed file is as readable as
    any other (``mkstemp`` would make it private to its owner).
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp


def _open_descriptor(fd: int, mode: str) -> IO[Any]:
    """``fd`` as a file object (text in UTF-8); the descriptor is closed if that fails."""
    try:
        return os.fdopen(fd, mode) if "b" in mode else os.fdopen(fd, mode, encoding="utf-8")
    except BaseException:
        os.close(fd)
        raise
