"""Where downloaded data sets are kept: the ligero cache directory."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "LIGERO_DATA_DIR"


def data_dir() -> Path:
    """The directory where ligero looks for (and downloads) data sets.

    In order: the environment variable ``LIGERO_DATA_DIR`` if set and not
    empty; else ``$XDG_CACHE_HOME/ligero``; else ``~/.cache/ligero``. The
    directory is not created (see :func:`ensure_data_dir`).
    """
    chosen = os.environ.get(ENV_VAR, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    if xdg:
        return Path(xdg).expanduser() / "ligero"
    return Path.home() / ".cache" / "ligero"


def ensure_data_dir() -> Path:
    """:func:`data_dir`, created (with its parents) if it does not exist yet."""
    path = data_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path
