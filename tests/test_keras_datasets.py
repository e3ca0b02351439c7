"""keras.datasets.mnist / cifar10 .load_data(): Keras's structure, shapes and dtypes, from fake offline files."""

from __future__ import annotations

import gzip
import os
import pickle
import struct
import warnings
from pathlib import Path

import numpy as np
import pytest

import ligero.keras as keras
from ligero.errors import DataFileError


@pytest.fixture
def homes(tmp_path, monkeypatch):
    keras_home, ligero_dir = tmp_path / "keras_home", tmp_path / "ligero_data"
    monkeypatch.setenv("KERAS_HOME", str(keras_home))
    monkeypatch.setenv("LIGERO_DATA_DIR", str(ligero_dir))
    return keras_home / "datasets", ligero_dir


def _mnist_arrays(train: int, test: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    return {"x_train": rng.integers(0, 256, (train, 28, 28), dtype=np.uint8),
            "y_train": rng.integers(0, 10, train, dtype=np.uint8),
            "x_test": rng.integers(0, 256, (test, 28, 28), dtype=np.uint8),
            "y_test": rng.integers(0, 10, test, dtype=np.uint8)}


def test_mnist_from_keras_cache_with_official_sizes(homes):
    keras_dir, _ = homes
    keras_dir.mkdir(parents=True)
    arrays = _mnist_arrays(60000, 10000)
    np.savez(keras_dir / "mnist.npz", **arrays)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    assert x_train.shape == (60000, 28, 28) and y_train.shape == (60000,) and x_test.shape == (10000, 28, 28)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    np.testing.assert_array_equal(x_test, arrays["x_test"])
    np.testing.assert_array_equal(y_train, arrays["y_train"])


def test_mnist_of_other_sizes_is_served_with_a_warning(homes):
    keras_dir, _ = homes
    keras_dir.mkdir(parents=True)
    np.savez(keras_dir / "mnist.npz", **_mnist_arrays(50, 10))
    with pytest.warns(UserWarning, match="50 training and 10 test samples, not the official 60000 and 10000"):
        (x_train, _), (x_test, _) = keras.datasets.mnist.load_data()
    assert len(x_train) == 50 and len(x_test) == 10


def _idx(path: Path, array: np.ndarray) -> None:
    header = struct.pack(">BBBB", 0, 0, 8, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    path.write_bytes(gzip.compress(header + array.tobytes()))


def test_mnist_from_ligero_idx_files_and_only_test_set_error(homes):
    _, ligero_dir = homes
    ligero_dir.mkdir(parents=True)
    arrays = _mnist_arrays(6, 4)
    _idx(ligero_dir / "t10k-images-idx3-ubyte.gz", arrays["x_test"])
    _idx(ligero_dir / "t10k-labels-idx1-ubyte.gz", arrays["y_test"])
    with pytest.raises(DataFileError, match="only MNIST's test set .* train-images-idx3-ubyte.gz"):
        keras.datasets.mnist.load_data()
    _idx(ligero_dir / "train-images-idx3-ubyte.gz", arrays["x_train"])
    _idx(ligero_dir / "train-labels-idx1-ubyte.gz", arrays["y_train"])
    with pytest.warns(UserWarning, match="6 training and 4 test"):
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    assert y_train.dtype == np.uint8 and y_test.shape == (4,)
    np.testing.assert_array_equal(x_train, arrays["x_train"])


def test_mnist_missing_says_what_to_place_where(homes):
    keras_dir, ligero_dir = homes
    with pytest.raises(DataFileError, match=f"place Keras's mnist.npz in {keras_dir}.*{ligero_dir}"):
        keras.datasets.mnist.load_data()


def test_mnist_npz_with_pickled_entries_or_wrong_shapes_is_refused(homes):
    keras_dir, _ = homes
    keras_dir.mkdir(parents=True)
    arrays = _mnist_arrays(3, 2)
    arrays["x_train"] = arrays["x_train"].reshape(3, 784)
    np.savez(keras_dir / "mnist.npz", **arrays)
    with pytest.raises(DataFileError, match=r"mnist.npz: the train arrays have shapes \(3, 784\)"):
        keras.datasets.mnist.load_data()
    np.savez(keras_dir / "mnist.npz", x_train=np.array([object()]), y_train=1, x_test=1, y_test=1)
    with pytest.raises(DataFileError, match="not a plain .npz"):
        keras.datasets.mnist.load_data()


def _cifar_dir(root: Path, rows: int = 3) -> dict[str, dict]:
    root.mkdir(parents=True)
    batches = {}
    for i, name in enumerate([f"data_batch_{k}" for k in range(1, 6)] + ["test_batch"]):
        rng = np.random.default_rng(i)
        batches[name] = {b"batch_label": b"x", b"labels": [int(v) for v in rng.integers(0, 10, rows)],
                         b"data": rng.integers(0, 256, (rows, 3072), dtype=np.uint8),
                         b"filenames": [b"f.png"] * rows}
        with open(root / name, "wb") as f:
            pickle.dump(batches[name], f, protocol=4)
    meta = {b"num_cases_per_batch": rows, b"num_vis": 3072, b"label_names": [b"c%d" % i for i in range(10)]}
    with open(root / "batches.meta", "wb") as f:
        pickle.dump(meta, f, protocol=4)
    return batches


def test_cifar10_from_keras3_cache_is_channels_last_uint8(homes):
    keras_dir, _ = homes
    batches = _cifar_dir(keras_dir / "cifar-10-batches-py-target" / "cifar-10-batches-py")
    with pytest.warns(UserWarning, match="15 training and 3 test samples, not the official 50000 and 10000"):
        (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    assert x_train.shape == (15, 32, 32, 3) and x_test.shape == (3, 32, 32, 3)
    assert y_train.shape == (15, 1) and y_test.shape == (3, 1)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    first = batches["data_batch_1"][b"data"][0].reshape(3, 32, 32).transpose(1, 2, 0)
    np.testing.assert_array_equal(x_train[0], first)
    assert y_test[:, 0].tolist() == batches["test_batch"][b"labels"]


def test_cifar10_matches_real_keras_batch_reader(homes):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    cifar = pytest.importorskip("keras.src.datasets.cifar")
    keras_dir, _ = homes
    directory = keras_dir / "cifar-10-batches-py"
    _cifar_dir(directory)
    with pytest.warns(UserWarning):
        (_, _), (x_test, y_test) = keras.datasets.cifar10.load_data()
    data, labels = cifar.load_batch(str(directory / "test_batch"))
    np.testing.assert_array_equal(x_test, data.transpose(0, 2, 3, 1))
    np.testing.assert_array_equal(y_test, np.reshape(labels, (-1, 1)).astype(np.uint8))


def test_cifar10_from_ligero_dir_and_missing_error(homes):
    keras_dir, ligero_dir = homes
    with pytest.raises(DataFileError, match=f"place the cifar-10-batches-py/ folder .* in {keras_dir}"):
        keras.datasets.cifar10.load_data()
    _cifar_dir(ligero_dir / "cifar-10-batches-py", rows=2)
    with pytest.warns(UserWarning, match="10 training and 2 test"):
        (x_train, _), _ = keras.datasets.cifar10.load_data()
    assert x_train.shape == (10, 32, 32, 3)
