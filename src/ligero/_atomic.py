"""Temporary files for atomic writes: write beside the target, then rename over it."""

from __future__ import annotations

import os
import uuid
from pathlib import Path


def temporary_sibling(path: Path) -> Path:
    """A fresh hidden file name in ``path``'s directory, for writing before a rename."""
    return path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")


def open_temporary_sibling(path: Path) -> tuple[int, Path]:
    """Create a new temporary file beside ``path``; return its descriptor and name.

    Created with mode 0o666 less the umask, the permissions an ordinary ``open``
    gives, so the renamed file is as readable as any other (``mkstemp`` would
    make it private to its owner).
    """
    tmp = temporary_sibling(path)
    return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
