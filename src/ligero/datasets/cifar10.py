"""CIFAR-10 from its official python layout: a directory, the archive, or the cache.

The official ``cifar-10-python.tar.gz`` holds ``cifar-10-batches-py/`` with
five training batches ``data_batch_1`` ... ``data_batch_5``, ``test_batch``
and ``batches.meta``. Each batch is a pickled dict: ``b"data"`` a uint8 array
(10000, 3072) whose rows are the R, G and B planes of a 32x32 image (row
major), ``b"labels"`` a list of 10000 ints 0-9. The pickles are read with
:func:`ligero.datasets.safe_pickle.safe_load`, which never runs code.
"""

from __future__ import annotations

import os
import tarfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from ligero.datasets.cache import ENV_VAR, data_dir, ensure_data_dir
from ligero.datasets.download import download as _download
from ligero.datasets.safe_pickle import safe_load
from ligero.errors import DataError, DataFileError

CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
CIFAR10_MD5 = "c58f30108f718f92721af3b95e74349a"
ARCHIVE_NAME = "cifar-10-python.tar.gz"
DIR_NAME = "cifar-10-batches-py"
TRAIN_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6))
TEST_BATCH = "test_batch"
META = "batches.meta"
ROWS_PER_BATCH = 10000
PIXELS = 3 * 32 * 32
_TAR_BUFFER = 1 << 20

CIFAR10_CLASSES: tuple[str, ...] = (
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
)
"""Class names, indexed by label."""

Split = tuple[np.ndarray, np.ndarray]


def load_cifar10(
    path: str | os.PathLike[str] | None = None, *, download: bool = True
) -> tuple[Split, Split]:
    """Load CIFAR-10 as ``((x_train, y_train), (x_test, y_test))``.

    Images are uint8 NCHW, ``(50000, 3, 32, 32)`` and ``(10000, 3, 32, 32)``;
    labels are int64 0-9 (names in :data:`CIFAR10_CLASSES`).

    ``path`` may be the ``cifar-10-batches-py`` directory, a directory that
    contains it or ``cifar-10-python.tar.gz``, or the archive itself (read in
    place, not extracted). With ``path=None`` the cache directory
    (:func:`ligero.datasets.cache.data_dir`) is searched for the same, and if
    CIFAR-10 is not there the official archive is downloaded into it with an
    MD5 check (unless ``download=False``).

    Raises :class:`DataFileError` for a missing, truncated or malformed file,
    :class:`UnsafeFileError` for a pickle that asks to run code and
    :class:`DataError` for labels outside 0-9; each message names the file.
    """
    batches = _read_batches(find_cifar10(path, download=download), (*TRAIN_BATCHES, TEST_BATCH))
    train = [batches[name] for name in TRAIN_BATCHES]
    x_train = np.concatenate([x for x, _ in train]).reshape(-1, 3, 32, 32)
    y_train = np.concatenate([y for _, y in train])
    x_test, y_test = batches[TEST_BATCH]
    return (x_train, y_train), (x_test.reshape(-1, 3, 32, 32).copy(), y_test)


def load_cifar10_meta(
    path: str | os.PathLike[str] | None = None, *, download: bool = True
) -> dict[str, Any]:
    """The contents of ``batches.meta``: ``label_names`` (list of str),
    ``num_cases_per_batch`` and ``num_vis`` (ints). ``path`` as in :func:`load_cifar10`.
    """
    meta = _read_batches(find_cifar10(path, download=download), (META,))[META]
    if meta is None:
        raise DataFileError(f"{path or data_dir()}: no {META} found")
    return meta


def find_cifar10(path: str | os.PathLike[str] | None = None, *, download: bool = True) -> Path:
    """Where CIFAR-10 is: a directory holding the batch files, or an archive.

    See :func:`load_cifar10` for how ``path`` is searched and when the
    archive is downloaded.
    """
    if path is not None:
        path = Path(path).expanduser()
        if not path.exists():
            raise DataFileError(f"{path}: no such file or directory")
        found = _locate(path)
        if found is None:
            raise DataFileError(
                f"{path}: no CIFAR-10 here (expected the batch files, a {DIR_NAME}/ directory "
                f"or {ARCHIVE_NAME})"
            )
        return found
    cache = data_dir()
    found = _locate(cache) if cache.is_dir() else None
    if found is not None:
        return found
    hint = (
        f"pass path= (the {DIR_NAME} directory, a directory holding it, or {ARCHIVE_NAME}), "
        f"or put {ARCHIVE_NAME} in {cache} (set {ENV_VAR} to use another directory)"
    )
    if not download:
        raise DataFileError(f"CIFAR-10 is not in the cache directory {cache}; {hint}")
    try:
        return _download(CIFAR10_URL, ensure_data_dir() / ARCHIVE_NAME, md5=CIFAR10_MD5)
    except OSError as exc:
        raise DataFileError(
            f"CIFAR-10 is not in the cache directory {cache} and could not be downloaded: {exc}. "
            f"To use it offline, {hint}"
        ) from exc


def _locate(path: Path) -> Path | None:
    """The batch directory or archive at or directly inside ``path``, or None."""
    if path.is_file():
        return path
    if any((path / name).is_file() for name in (TEST_BATCH, TRAIN_BATCHES[0], META)):
        return path
    if (path / DIR_NAME).is_dir():
        return path / DIR_NAME
    if (path / ARCHIVE_NAME).is_file():
        return path / ARCHIVE_NAME
    return None


def _read_batches(source: Path, names: tuple[str, ...]) -> dict[str, Any]:
    """Read and check the named batches (and ``batches.meta``, if present) from ``source``."""
    raw = _read_tar(source, names) if source.is_file() else _read_dir(source, names)
    meta_name, meta_obj = raw.pop(META, (None, None))
    meta = _check_meta(meta_name, meta_obj) if meta_name is not None else None
    rows = meta["num_cases_per_batch"] if meta is not None else ROWS_PER_BATCH
    out: dict[str, Any] = {name: _check_batch(where, obj, rows) for name, (where, obj) in raw.items()}
    out[META] = meta
    return out


def _read_dir(directory: Path, names: tuple[str, ...]) -> dict[str, tuple[str, Any]]:
    out = {}
    for name in dict.fromkeys((*names, META)):
        file = directory / name
        if name == META and META not in names and not file.is_file():
            continue
        try:
            with open(file, "rb") as f:
                out[name] = (str(file), safe_load(f, str(file)))
        except FileNotFoundError:
            raise DataFileError(
                f"{file}: file not found (a CIFAR-10 directory holds {', '.join(TRAIN_BATCHES)}, "
                f"{TEST_BATCH} and {META})"
            ) from None
        except IsADirectoryError:
            raise DataFileError(f"{file}: is a directory, expected a CIFAR-10 batch file") from None
        except PermissionError as exc:
            raise DataFileError(f"{file}: cannot read ({exc.strerror})") from None
    return out


def _read_tar(archive: Path, names: tuple[str, ...]) -> dict[str, tuple[str, Any]]:
    """Read the wanted members in one sequential pass over the (compressed) archive."""
    wanted = {*names, META}
    out: dict[str, tuple[str, Any]] = {}
    try:
        with tarfile.open(archive, mode="r|*", bufsize=_TAR_BUFFER) as tar:
            for member in tar:
                base = member.name.rstrip("/").rsplit("/", 1)[-1]
                if base not in wanted or base in out or not member.isfile():
                    continue
                where = f"{archive}:{member.name}"
                f = tar.extractfile(member)
                if f is None:  # pragma: no cover - isfile() members always have data
                    continue
                out[base] = (where, safe_load(f.read(), where))
                if wanted <= out.keys():
                    break
    except FileNotFoundError:
        raise DataFileError(f"{archive}: no such file") from None
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        if isinstance(exc, DataFileError):
            raise
        hint = f"; pass the directory that holds {archive.name}" if archive.name in wanted else ""
        raise DataFileError(f"{archive}: not a readable (or a truncated) tar archive ({exc}){hint}") from None
    missing = [n for n in names if n not in out]
    if missing:
        raise DataFileError(
            f"{archive}: the archive has no {', '.join(missing)} (expected {DIR_NAME}/ with "
            f"{', '.join(TRAIN_BATCHES)}, {TEST_BATCH} and {META})"
        )
    return out


def _str_keys(where: str, obj: Any, what: str) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise DataFileError(f"{where}: not a CIFAR-10 {what} (a pickled {type(obj).__name__}, not a dict)")
    return {k.decode("latin-1") if isinstance(k, bytes) else str(k): v for k, v in obj.items()}


def _check_batch(where: str, obj: Any, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """``(data, labels)`` of one batch after checking its layout, shapes and values."""
    d = _str_keys(where, obj, "batch")
    if "labels" not in d:
        extra = " (this looks like CIFAR-100)" if "fine_labels" in d else ""
        raise DataFileError(f"{where}: no 'labels' entry{extra}")
    if "data" not in d:
        raise DataFileError(f"{where}: no 'data' entry")
    data = d["data"]
    if not isinstance(data, np.ndarray) or data.dtype != np.uint8 or data.shape != (rows, PIXELS):
        desc = f"{data.dtype} array {data.shape}" if isinstance(data, np.ndarray) else type(data).__name__
        raise DataFileError(f"{where}: 'data' is a {desc}, expected a uint8 array ({rows}, {PIXELS})")
    labels = _labels(where, d["labels"])
    if labels.shape != (rows,):
        raise DataFileError(f"{where}: {labels.size} labels for {rows} images")
    if labels.size and (labels.min() < 0 or labels.max() > 9):
        bad = int(labels[(labels < 0) | (labels > 9)][0])
        raise DataError(f"{where}: label {bad} outside 0-9")
    return data, labels


def _labels(where: str, labels: Any) -> np.ndarray:
    ok = isinstance(labels, np.ndarray) and labels.dtype.kind in "iu" and labels.ndim == 1
    if isinstance(labels, list) and all(type(v) is int for v in labels):
        ok, labels = True, np.array(labels, dtype=np.int64)
    if not ok:
        raise DataFileError(f"{where}: 'labels' is not a list of integers")
    return labels.astype(np.int64)


def _check_meta(where: str, obj: Any) -> dict[str, Any]:
    d = _str_keys(where, obj, "batches.meta")
    names, rows, vis = d.get("label_names"), d.get("num_cases_per_batch"), d.get("num_vis")
    if not isinstance(names, list) or len(names) != 10 or not all(isinstance(n, bytes | str) for n in names):
        raise DataFileError(f"{where}: 'label_names' is not a list of 10 names")
    if type(rows) is not int or rows <= 0:
        raise DataFileError(f"{where}: 'num_cases_per_batch' is {rows!r}, expected a positive int")
    if vis != PIXELS:
        raise DataFileError(f"{where}: 'num_vis' is {vis!r}, expected {PIXELS}")
    label_names = [n.decode("latin-1") if isinstance(n, bytes) else n for n in names]
    return {"label_names": label_names, "num_cases_per_batch": rows, "num_vis": vis}
