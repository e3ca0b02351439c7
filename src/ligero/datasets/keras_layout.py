"""MNIST and CIFAR-10 in Keras's shapes and dtypes, served offline from the caches where they may be.

:func:`mnist_load_data` and :func:`cifar10_load_data` return what
``keras.datasets.mnist.load_data()`` / ``keras.datasets.cifar10.load_data()``
return, ``((x_train, y_train), (x_test, y_test))``:

- MNIST: uint8 ``(60000, 28, 28)`` / uint8 ``(60000,)`` and ``(10000, ...)``;
- CIFAR-10: uint8 ``(50000, 32, 32, 3)`` channels-last / uint8 ``(50000, 1)``, and ``(10000, ...)``.

Nothing is downloaded. The files are looked for, in order, in Keras's cache
(``$KERAS_HOME/datasets``, by default ``~/.keras/datasets``: ``mnist.npz``;
``cifar-10-batches-py-target/cifar-10-batches-py/`` as Keras 3 extracts it, or
``cifar-10-batches-py/``) and in ligero's data directory (``$LIGERO_DATA_DIR``,
see :mod:`ligero.datasets.cache`: ``mnist.npz`` or the four MNIST IDX files;
CIFAR-10 as :func:`ligero.datasets.load_cifar10` finds it). When nothing is
there the error says what to place where; when only part is (MNIST's test set
alone) it says so. Sizes other than the official ones are served with a warning.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np

from ligero.datasets.cache import ENV_VAR, data_dir
from ligero.errors import DataFileError

Split = tuple[np.ndarray, np.ndarray]
MNIST_SIZES = (60000, 10000)
CIFAR10_SIZES = (50000, 10000)
_MNIST_KEYS = ("x_train", "y_train", "x_test", "y_test")


def keras_datasets_dir() -> Path:
    """Keras's dataset cache: ``$KERAS_HOME/datasets``, else ``~/.keras/datasets``."""
    home = os.environ.get("KERAS_HOME", "").strip() or os.path.join("~", ".keras")
    return Path(home).expanduser() / "datasets"


def _warn_sizes(name: str, where: Path, sizes: tuple[int, int], official: tuple[int, int]) -> None:
    if sizes != official:
        warnings.warn(f"{name} from {where} has {sizes[0]} training and {sizes[1]} test samples, not the "
                      f"official {official[0]} and {official[1]}", stacklevel=3)


def _read_mnist_npz(path: Path) -> tuple[Split, Split]:
    try:
        with np.load(path, allow_pickle=False) as archive:
            missing = [k for k in _MNIST_KEYS if k not in archive.files]
            if missing:
                raise DataFileError(f"{path}: not Keras's mnist.npz (no {', '.join(missing)})")
            arrays = [np.asarray(archive[k]) for k in _MNIST_KEYS]
    except DataFileError:
        raise
    except ValueError as exc:
        raise DataFileError(f"{path}: not a plain .npz of arrays ({exc})") from None
    except (OSError, EOFError) as exc:
        raise DataFileError(f"{path}: unreadable or truncated ({exc})") from None
    x_train, y_train, x_test, y_test = arrays
    for x, y, split in ((x_train, y_train, "train"), (x_test, y_test, "test")):
        if x.ndim != 3 or x.shape[1:] != (28, 28) or y.shape != (len(x),):
            raise DataFileError(f"{path}: the {split} arrays have shapes {x.shape} and {y.shape}, "
                                "expected (N, 28, 28) and (N,)")
    return (x_train.astype(np.uint8), y_train.astype(np.uint8)), (x_test.astype(np.uint8), y_test.astype(np.uint8))


def _mnist_idx(directory: Path) -> tuple[Split, Split] | None:
    from ligero.datasets.mnist import _find, load_mnist

    have = {split: _find(directory, f"{prefix}-images", "idx3") is not None
            for split, prefix in (("train", "train"), ("test", "t10k"))}
    if not any(have.values()):
        return None
    if not have["train"]:
        raise DataFileError(
            f"{directory}: holds only MNIST's test set (t10k-*-ubyte); keras.datasets.mnist.load_data() "
            f"also needs the 60,000 training images: place train-images-idx3-ubyte.gz and "
            f"train-labels-idx1-ubyte.gz there, or Keras's mnist.npz in {keras_datasets_dir()}"
        )
    (x_train, y_train), (x_test, y_test) = (load_mnist(directory, split=s) for s in ("train", "test"))
    return (x_train, y_train.astype(np.uint8)), (x_test, y_test.astype(np.uint8))


def mnist_load_data(path: str = "mnist.npz") -> tuple[Split, Split]:
    """``keras.datasets.mnist.load_data(path)``, offline (see the module docstring for where it looks)."""
    candidates = [keras_datasets_dir() / path, data_dir() / path]
    for candidate in candidates:
        if candidate.is_file():
            data = _read_mnist_npz(candidate)
            _warn_sizes("MNIST", candidate, (len(data[0][0]), len(data[1][0])), MNIST_SIZES)
            return data
    for directory in (data_dir(), data_dir() / "mnist"):
        if directory.is_dir():
            data = _mnist_idx(directory)
            if data is not None:
                _warn_sizes("MNIST", directory, (len(data[0][0]), len(data[1][0])), MNIST_SIZES)
                return data
    raise DataFileError(
        f"MNIST is not here and ligero downloads nothing for keras.datasets: place Keras's {path} in "
        f"{candidates[0].parent} (or in {data_dir()}, set {ENV_VAR} to use another directory), or the four "
        f"IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-...) in {data_dir()}"
    )


def _cifar10_source() -> Path:
    from ligero.datasets.cifar10 import DIR_NAME, find_cifar10

    keras_dir = keras_datasets_dir()
    for candidate in (keras_dir / "cifar-10-batches-py-target" / DIR_NAME, keras_dir / DIR_NAME):
        if candidate.is_dir():
            return candidate
    try:
        return find_cifar10(None, download=False)
    except DataFileError:
        raise DataFileError(
            f"CIFAR-10 is not here and ligero downloads nothing for keras.datasets: place the "
            f"{DIR_NAME}/ folder (from cifar-10-python.tar.gz) in {keras_dir} or in {data_dir()}, or the "
            f"archive itself in {data_dir()} (set {ENV_VAR} to use another directory)"
        ) from None


def cifar10_load_data(data_format: str = "channels_last") -> tuple[Split, Split]:
    """``keras.datasets.cifar10.load_data()``, offline: uint8 NHWC (or NCHW) images, (N, 1) labels."""
    from ligero.datasets.cifar10 import load_cifar10

    source = _cifar10_source()
    (x_train, y_train), (x_test, y_test) = load_cifar10(source, download=False)
    if data_format == "channels_last":
        x_train, x_test = (np.ascontiguousarray(x.transpose(0, 2, 3, 1)) for x in (x_train, x_test))
    _warn_sizes("CIFAR-10", source, (len(x_train), len(x_test)), CIFAR10_SIZES)
    labels = [y.astype(np.uint8).reshape(-1, 1) for y in (y_train, y_test)]
    return (x_train.astype(np.uint8, copy=False), labels[0]), (x_test.astype(np.uint8, copy=False), labels[1])
