"""MNIST from the official IDX files (``train-images-idx3-ubyte.gz`` and friends).

An IDX file is a 4-byte magic number (two zero bytes, a type code, the number
of dimensions), one big-endian uint32 per dimension, then the values in C
order, big-endian. MNIST images are ``0x00000803`` (uint8, 3 dimensions),
labels ``0x00000801`` (uint8, 1 dimension). Files may be gzip-compressed
(detected by content, whatever their name).
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np

from ligero.datasets._files import read_bytes
from ligero.errors import ConfigError, DataError, DataFileError

IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
"""IDX type code -> NumPy dtype."""

SPLIT_PREFIXES = {"train": "train", "test": "t10k"}


def read_idx(path: str | os.PathLike[str]) -> np.ndarray:
    """Read any IDX file (gzip or not) into an array of its type and shape, native byte order.

    Raises :class:`DataFileError` naming the path for a missing file, a bad
    magic number, or data shorter or longer than the header announces.
    """
    path = Path(path)
    data = read_bytes(path)
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise DataFileError(f"{path}: not an IDX file (bad magic number {data[:4].hex() or 'empty'})")
    code, ndim = data[2], data[3]
    if code not in IDX_TYPES:
        raise DataFileError(f"{path}: not an IDX file (unknown type code 0x{code:02x})")
    header = 4 + 4 * ndim
    if ndim == 0 or len(data) < header:
        raise DataFileError(f"{path}: truncated IDX header ({ndim} dimensions, {len(data)} bytes)")
    shape = tuple(int(d) for d in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    dtype = np.dtype(IDX_TYPES[code])
    expected = header + math.prod(shape) * dtype.itemsize
    if len(data) != expected:
        what = "truncated" if len(data) < expected else "has trailing bytes"
        raise DataFileError(
            f"{path}: IDX file {what}: {len(data)} bytes, header says shape {shape} of {dtype.name}, "
            f"i.e. {expected} bytes"
        )
    return np.frombuffer(data, dtype=dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


def load_mnist(
    path: str | os.PathLike[str],
    labels_path: str | os.PathLike[str] | None = None,
    *,
    split: str = "train",
) -> tuple[np.ndarray, np.ndarray]:
    """Load MNIST (or any digits in its IDX layout) as ``(x, y)``.

    ``x`` is uint8 ``(N, 28, 28)``, ``y`` int64 ``(N,)``, 0-9.

    ``path`` is either a directory holding the official files of ``split``
    (``"train"``: ``train-images-idx3-ubyte[.gz]`` and
    ``train-labels-idx1-ubyte[.gz]``; ``"test"``: ``t10k-...``), or an images
    file; then ``labels_path`` names its labels file, or, if omitted, the
    labels file is found beside it by the official naming (``images`` ->
    ``labels``, ``idx3`` -> ``idx1``).

    Raises :class:`DataFileError` for missing, truncated or malformed files,
    or images and labels that do not match; :class:`DataError` for labels
    outside 0-9.
    """
    images_file, labels_file = _files(Path(path), labels_path, split)
    x, y = read_idx(images_file), read_idx(labels_file)
    if x.dtype != np.uint8 or x.ndim != 3:
        raise DataFileError(f"{images_file}: not an IDX images file ({x.dtype} {x.shape}, expected uint8 (N, H, W))")
    if y.dtype != np.uint8 or y.ndim != 1:
        raise DataFileError(f"{labels_file}: not an IDX labels file ({y.dtype} {y.shape}, expected uint8 (N,))")
    if len(x) != len(y):
        raise DataFileError(f"{labels_file}: {len(y)} labels for the {len(x)} images of {images_file}")
    if y.size and y.max() > 9:
        raise DataError(f"{labels_file}: label {int(y[y > 9][0])} outside 0-9")
    return x, y.astype(np.int64)


def _files(path: Path, labels_path: str | os.PathLike[str] | None, split: str) -> tuple[Path, Path]:
    """The images and labels files that ``load_mnist``'s arguments designate."""
    if split not in SPLIT_PREFIXES:
        raise ConfigError(f"split must be 'train' or 'test', got {split!r}")
    if not path.exists():
        raise DataFileError(f"{path}: no such file or directory")
    if not path.is_dir():
        if labels_path is not None:
            return path, Path(labels_path)
        guess = path.with_name(path.name.replace("images", "labels").replace("idx3", "idx1"))
        if guess == path or not guess.exists():
            raise DataFileError(f"{path}: no labels file found beside it; pass labels_path=")
        return path, guess
    if labels_path is not None:
        raise ConfigError(f"labels_path is for an images file, but {path} is a directory")
    prefix = SPLIT_PREFIXES[split]
    images = _find(path, f"{prefix}-images", "idx3")
    labels = _find(path, f"{prefix}-labels", "idx1")
    if images is None or labels is None:
        missing = f"{prefix}-images-idx3-ubyte" if images is None else f"{prefix}-labels-idx1-ubyte"
        other = "test" if split == "train" else "train"
        hint = ""
        if _find(path, f"{SPLIT_PREFIXES[other]}-images", "idx3") is not None:
            hint = f" (it has the {other} split: pass split={other!r})"
        raise DataFileError(f"{path}: no {missing} or {missing}.gz{hint}")
    return images, labels


def _find(directory: Path, stem: str, kind: str) -> Path | None:
    """``stem-kind-ubyte`` (or ``stem.kind-ubyte``), gzipped or not, in ``directory``."""
    for sep in ("-", "."):
        for suffix in (".gz", ""):
            candidate = directory / f"{stem}{sep}{kind}-ubyte{suffix}"
            if candidate.is_file():
                return candidate
    return None
