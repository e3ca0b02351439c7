"""Download a file over HTTP(S) with a checksum check, atomically.

The file is streamed to a temporary file beside its destination, its MD5 is
computed on the way, and only a complete file with the right checksum is
renamed into place: an interrupted or corrupted download never leaves a file
that looks valid.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

from ligero._atomic import atomic_write
from ligero.errors import DataFileError

_CHUNK = 1 << 20


def _new_md5():
    return hashlib.md5(usedforsecurity=False)


def file_md5(path: str | os.PathLike[str]) -> str:
    """The MD5 hex digest of the file at ``path``."""
    digest = _new_md5()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(_CHUNK), b""):
                digest.update(chunk)
    except OSError as exc:
        raise DataFileError(f"{os.fspath(path)}: cannot read file ({exc.strerror or exc})") from exc
    return digest.hexdigest()


def verify_md5(path: str | os.PathLike[str], expected: str) -> None:
    """Raise :class:`DataFileError` unless the file's MD5 is ``expected`` (hex, any case)."""
    actual = file_md5(path)
    if actual != expected.lower():
        raise DataFileError(
            f"{os.fspath(path)}: checksum mismatch (MD5 {actual}, expected {expected.lower()}); "
            "the file is corrupted, truncated or not the expected one"
        )


def download(
    url: str,
    dest: str | os.PathLike[str],
    *,
    md5: str | None = None,
    timeout: float = 60.0,
    quiet: bool = False,
) -> Path:
    """Download ``url`` to ``dest`` and return ``dest`` as a Path.

    The data go to a temporary file in ``dest``'s directory, which is renamed
    to ``dest`` only when the download is complete and, if ``md5`` is given,
    its checksum matches. Any failure (network unreachable, HTTP error,
    truncated transfer, checksum mismatch) raises :class:`DataFileError` and
    leaves nothing behind. A progress bar goes to stderr unless ``quiet``.
    """
    dest = Path(dest)
    with atomic_write(dest) as out:
        digest = _fetch(url, out, timeout=timeout, quiet=quiet)
        if md5 is not None and digest != md5.lower():
            raise DataFileError(
                f"{url}: checksum mismatch of the downloaded file (MD5 {digest}, expected "
                f"{md5.lower()}); nothing was saved to {dest}"
            )
    return dest


def _fetch(url: str, out, *, timeout: float, quiet: bool) -> str:
    """Stream ``url`` into the open binary file ``out``; return the MD5 of what was read."""
    digest = _new_md5()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            length = response.headers.get("Content-Length") if response.headers else None
            total = int(length) if length and length.isdigit() else None
            bar = _progress(total, url, quiet)
            received = 0
            try:
                for chunk in iter(lambda: response.read(_CHUNK), b""):
                    out.write(chunk)
                    digest.update(chunk)
                    received += len(chunk)
                    if bar is not None:
                        bar.update(len(chunk))
            finally:
                if bar is not None:
                    bar.close()
    except urllib.error.HTTPError as exc:
        raise DataFileError(f"{url}: download failed (HTTP {exc.code} {exc.reason})") from exc
    except urllib.error.URLError as exc:
        raise DataFileError(f"{url}: download failed, network unreachable ({exc.reason})") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise DataFileError(f"{url}: download failed ({exc})") from exc
    if total is not None and received != total:
        raise DataFileError(f"{url}: download truncated ({received} of {total} bytes)")
    return digest.hexdigest()


def _progress(total: int | None, url: str, quiet: bool):
    """A tqdm progress bar on stderr, or None when quiet or tqdm is missing."""
    if quiet:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return None
    name = url.rsplit("/", 1)[-1]
    return tqdm(total=total, unit="B", unit_scale=True, desc=f"downloading {name}", file=sys.stderr,
                disable=None)
