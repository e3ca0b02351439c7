"""The course's MNIST text format: one digit per line, 785 comma-separated integers.

The first 784 values are the pixels (0-255) of a 28x28 image stored column by
column (the first 28 values are the first column), the last is the class 0-9.
Files may be gzip-compressed (detected by content). Images are returned
upright, as ``image[row, column]``.
"""

from __future__ import annotations

import gzip
import io
import os
import warnings
from pathlib import Path

import numpy as np

from ligero._atomic import atomic_write
from ligero.datasets._files import guarded_read, open_binary
from ligero.errors import ConfigError, DataError, DataFileError, ShapeError

SIDE = 28
PIXELS = SIDE * SIDE
COLUMNS = PIXELS + 1


def load_mnist_txt(
    path: str | os.PathLike[str] | None = None, limit: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Load digits in the course text format as ``(x, y)``.

    ``x`` is uint8 ``(N, 28, 28)``, upright; ``y`` is int64 ``(N,)``, 0-9.
    With ``path=None`` the 5,000 real MNIST digits shipped inside ligero are
    returned (see :func:`ligero.datasets.load_digits`). ``limit`` keeps only
    the first ``limit`` samples; the rest of the file is not read.

    Raises :class:`DataFileError` for a missing or unreadable file, a line
    with the wrong number of values or a value that is not a number, and
    :class:`DataError` for a pixel outside 0-255 or a label outside 0-9; the
    message names the path and the line.
    """
    limit = check_limit(limit)
    if path is None:
        from ligero.datasets.digits import load_digits

        return load_digits(limit=limit)
    path = Path(path)
    lines, numbers = _read_lines(path, limit)
    if not lines and limit != 0:
        raise DataFileError(f"{path}: no samples (the file is empty)")
    values = _parse(path, lines, numbers)
    _check_ranges(path, values, numbers)
    x = values[:, :PIXELS].astype(np.uint8).reshape(-1, SIDE, SIDE).transpose(0, 2, 1)
    return np.ascontiguousarray(x), values[:, PIXELS].copy()


def save_mnist_txt(path: str | os.PathLike[str], x: np.ndarray, y: np.ndarray) -> None:
    """Write digits in the course text format (gzip-compressed if ``path`` ends in ``.gz``).

    ``x`` holds upright images, ``(N, 28, 28)`` or flattened row by row
    ``(N, 784)``, with integer values 0-255; ``y`` holds N labels 0-9. Each
    image is written column by column, so :func:`load_mnist_txt` reads back
    exactly ``x`` and ``y``. The file is written to a temporary name and
    renamed, so it is never left half-written.
    """
    path = Path(path)
    x, y = np.asarray(x), np.asarray(y)
    if x.ndim == 2 and x.shape[1] == PIXELS:
        x = x.reshape(-1, SIDE, SIDE)
    if x.ndim != 3 or x.shape[1:] != (SIDE, SIDE):
        raise ShapeError(f"save_mnist_txt: images of shape {x.shape}, expected (N, 28, 28) or (N, 784)")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.shape != (x.shape[0],):
        raise ShapeError(f"save_mnist_txt: labels of shape {y.shape} for images of shape {x.shape}")
    pixels = _integers(x, 0, 255, "pixel")
    labels = _integers(y, 0, 9, "label")
    columns = pixels.transpose(0, 2, 1).reshape(-1, PIXELS)  # column by column
    table = [str(i) for i in range(256)]
    rows = [",".join(map(table.__getitem__, row)) for row in columns.tolist()]
    text = "".join(f"{row},{label}\n" for row, label in zip(rows, labels.tolist())).encode("ascii")
    if path.name.endswith(".gz"):
        text = gzip.compress(text, mtime=0)
    with atomic_write(path) as f:
        f.write(text)


def check_limit(limit: int | None) -> int | None:
    """``limit`` as an int >= 0 (or None), else :class:`ConfigError`."""
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int | np.integer) or limit < 0:
        raise ConfigError(f"limit must be None or an integer >= 0, got {limit!r}")
    return int(limit)


def _integers(a: np.ndarray, low: int, high: int, what: str) -> np.ndarray:
    if a.dtype.kind not in "biuf":
        raise DataError(f"save_mnist_txt: {what}s of dtype {a.dtype}, expected numbers")
    if a.size and (not np.all(np.isfinite(a)) or np.any(a != np.round(a)) or a.min() < low or a.max() > high):
        raise DataError(f"save_mnist_txt: {what}s must be integers {low}-{high}")
    return a.astype(np.int64)


def _read_lines(path: Path, limit: int | None) -> tuple[list[bytes], list[int]]:
    """The non-blank lines (up to ``limit``) and their 1-based line numbers."""
    with open_binary(path) as f:
        if limit is None:
            data = guarded_read(path, f.read)
        else:
            data = guarded_read(path, lambda: b"".join(_first_lines(f, limit)))
    if b"\0" in data[:4096]:
        raise DataFileError(f"{path}: binary data, not a text file (an IDX file? see load_mnist)")
    lines, numbers = [], []
    for n, line in enumerate(data.splitlines(), 1):
        if line.strip():
            lines.append(line)
            numbers.append(n)
    if limit is not None:
        lines, numbers = lines[:limit], numbers[:limit]
    return lines, numbers


def _first_lines(f: io.BufferedIOBase, limit: int) -> list[bytes]:
    """Lines from ``f`` until ``limit`` non-blank ones have been read."""
    out: list[bytes] = []
    count = 0
    for line in f:
        out.append(line)
        count += bool(line.strip())
        if count >= limit:
            break
    return out


def _parse(path: Path, lines: list[bytes], numbers: list[int]) -> np.ndarray:
    """An int64 array (N, 785): a fast C parse, and a slow exact one to locate an error."""
    if not lines:
        return np.zeros((0, COLUMNS), dtype=np.int64)
    commas = np.fromiter((line.count(b",") for line in lines), dtype=np.int64, count=len(lines))
    wrong = np.flatnonzero(commas != COLUMNS - 1)
    if wrong.size:
        i = int(wrong[0])
        raise DataFileError(
            f"{path}, line {numbers[i]}: {commas[i] + 1} values, expected {COLUMNS} "
            f"({PIXELS} pixels, then the label)"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # NumPy < 2.3 warns instead of raising
            values = np.fromstring(b",".join(lines), dtype=np.int64, sep=",")
    except ValueError:
        values = None
    if values is None or values.size != len(lines) * COLUMNS:
        return _parse_slowly(path, lines, numbers)
    return values.reshape(-1, COLUMNS)


def _parse_slowly(path: Path, lines: list[bytes], numbers: list[int]) -> np.ndarray:
    """Parse value by value, raising at the first bad one with its line and position."""
    rows = []
    for line, n in zip(lines, numbers):
        row = []
        for j, token in enumerate(line.split(b","), 1):
            try:
                value = int(token)
            except ValueError:
                value = _integral_float(path, n, j, token)
            low, high, what = (0, 9, "label") if j == COLUMNS else (0, 255, "pixel")
            if not low <= value <= high:
                raise DataError(f"{path}, line {n}: {what} {value} (value {j}) outside {low}-{high}")
            row.append(value)
        rows.append(row)
    return np.array(rows, dtype=np.int64)


def _integral_float(path: Path, line: int, position: int, token: bytes) -> int:
    text = token.strip().decode("latin-1")
    try:
        value = float(token)
    except ValueError:
        raise DataFileError(f"{path}, line {line}: value {position} {text!r} is not a number") from None
    if not value.is_integer():
        raise DataError(f"{path}, line {line}: value {position} {text!r} is not an integer")
    return int(value)


def _check_ranges(path: Path, values: np.ndarray, numbers: list[int]) -> None:
    if not values.size:
        return
    for lo, hi, cols, what in ((0, 255, slice(0, PIXELS), "pixel"), (0, 9, slice(PIXELS, COLUMNS), "label")):
        part = values[:, cols]
        bad = (part < lo) | (part > hi)
        if bad.any():
            i, j = (int(k[0]) for k in np.nonzero(bad))
            position = j + 1 + cols.start
            raise DataError(
                f"{path}, line {numbers[i]}: {what} {part[i, j]} (value {position}) outside {lo}-{hi}"
            )
