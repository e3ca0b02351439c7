"""MNIST: the course text format, the official IDX files and the embedded digits."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

from ligero import ConfigError, DataError, DataFileError, ShapeError
from ligero.datasets import load_digits, load_mnist, load_mnist_txt, read_idx, save_mnist_txt


def asymmetric_image(seed: int = 0) -> np.ndarray:
    """A 28x28 uint8 image that differs from its transpose and its flips."""
    image = np.zeros((28, 28), dtype=np.uint8)
    image[2:26, 3] = 200  # a vertical bar in column 3
    image[5, 3:20] = 255  # a horizontal bar in row 5
    image[20, 10] = 17 + seed
    return image


def column_major_line(image: np.ndarray, label: int) -> str:
    """The course format, written out by hand: column by column, then the label."""
    values = [int(image[row, col]) for col in range(28) for row in range(28)]
    return ",".join(map(str, values)) + f",{label}\n"


def write_txt(path: Path, lines: list[str], compress: bool = False) -> Path:
    text = "".join(lines).encode()
    path.write_bytes(gzip.compress(text) if compress else text)
    return path


@pytest.fixture
def digits_file(tmp_path):
    images = [asymmetric_image(i) for i in range(3)]
    labels = [7, 0, 9]
    path = write_txt(tmp_path / "digits.txt", [column_major_line(im, lab) for im, lab in zip(images, labels)])
    return path, np.stack(images), np.array(labels)


# --------------------------------------------------------------------------- course text format


@pytest.mark.parametrize("compress", [False, True])
def test_text_format_is_read_upright(tmp_path, compress):
    image = asymmetric_image()
    assert not np.array_equal(image, image.T)
    path = write_txt(tmp_path / ("d.txt.gz" if compress else "d.txt"), [column_major_line(image, 4)], compress)
    x, y = load_mnist_txt(path)
    assert x.shape == (1, 28, 28) and x.dtype == np.uint8
    assert y.dtype == np.int64 and y.tolist() == [4]
    np.testing.assert_array_equal(x[0], image)
    assert x[0, 10, 3] == 200 and x[0, 5, 15] == 255  # the vertical bar is vertical


def test_first_28_values_are_the_first_column(tmp_path):
    values = [0] * 784
    values[:28] = [255] * 28  # first column lit
    path = write_txt(tmp_path / "c.txt", [",".join(map(str, values)) + ",1\n"])
    x, _ = load_mnist_txt(path)
    assert (x[0][:, 0] == 255).all() and (x[0][:, 1:] == 0).all()


def test_save_and_load_round_trip(tmp_path, digits_file):
    _, images, labels = digits_file
    for name in ("out.txt", "out.txt.gz"):
        save_mnist_txt(tmp_path / name, images, labels)
        x, y = load_mnist_txt(tmp_path / name)
        np.testing.assert_array_equal(x, images)
        np.testing.assert_array_equal(y, labels)
    assert (tmp_path / "out.txt").read_text().splitlines()[0] == column_major_line(images[0], 7).strip()
    save_mnist_txt(tmp_path / "flat.txt", images.reshape(3, 784), labels.reshape(3, 1))
    np.testing.assert_array_equal(load_mnist_txt(tmp_path / "flat.txt")[0], images)


def test_save_rejects_bad_input(tmp_path):
    with pytest.raises(ShapeError):
        save_mnist_txt(tmp_path / "a.txt", np.zeros((2, 27, 28)), [0, 1])
    with pytest.raises(ShapeError):
        save_mnist_txt(tmp_path / "a.txt", np.zeros((2, 28, 28)), [0, 1, 2])
    with pytest.raises(DataError, match="pixel"):
        save_mnist_txt(tmp_path / "a.txt", np.full((1, 28, 28), 256), [0])
    with pytest.raises(DataError, match="label"):
        save_mnist_txt(tmp_path / "a.txt", np.zeros((1, 28, 28)), [10])
    assert not (tmp_path / "a.txt").exists()


def test_limit_reads_only_the_first_samples(tmp_path, digits_file):
    path, images, labels = digits_file
    with open(path, "a") as f:
        f.write("this line is broken and must not be parsed\n")
    x, y = load_mnist_txt(path, limit=2)
    np.testing.assert_array_equal(x, images[:2])
    np.testing.assert_array_equal(y, labels[:2])
    assert load_mnist_txt(path, limit=0)[0].shape == (0, 28, 28)
    with pytest.raises(ConfigError):
        load_mnist_txt(path, limit=-1)


def test_blank_lines_are_skipped_and_counted(tmp_path):
    line = column_major_line(asymmetric_image(), 3)
    path = write_txt(tmp_path / "b.txt", ["\n", line, "\n", line.replace(",3\n", ",3,3\n")])
    with pytest.raises(DataFileError, match=r"b.txt, line 4: 786 values, expected 785"):
        load_mnist_txt(path)
    path = write_txt(tmp_path / "ok.txt", [line, "\n", line, "\r\n"])
    assert load_mnist_txt(path)[0].shape == (2, 28, 28)


def test_wrong_column_count_names_the_line(tmp_path):
    line = column_major_line(asymmetric_image(), 3)
    short = line.split(",", 1)[1]  # 784 values
    path = write_txt(tmp_path / "w.txt", [line, line, short])
    with pytest.raises(DataFileError, match=r"w.txt, line 3: 784 values, expected 785"):
        load_mnist_txt(path)


@pytest.mark.parametrize("bad", ["abc", "", "1e", "0x10"])
def test_non_numeric_value_names_line_and_position(tmp_path, bad):
    line = column_major_line(asymmetric_image(), 3)
    values = line.strip().split(",")
    values[5] = bad
    path = write_txt(tmp_path / "n.txt", [line, ",".join(values) + "\n"])
    with pytest.raises(DataFileError, match=r"n.txt, line 2: value 6 .* is not a number"):
        load_mnist_txt(path)


def test_integral_floats_are_accepted_and_fractions_refused(tmp_path):
    image = asymmetric_image()
    line = column_major_line(image, 3).replace(",200,", ",200.0,", 1)
    x, y = load_mnist_txt(write_txt(tmp_path / "f.txt", [line]))
    np.testing.assert_array_equal(x[0], image)
    with pytest.raises(DataError, match=r"line 1: value \d+ '200.5' is not an integer"):
        load_mnist_txt(write_txt(tmp_path / "g.txt", [line.replace("200.0", "200.5")]))


@pytest.mark.parametrize(
    ("position", "value", "message"),
    [
        (10, "300", r"line 2: pixel 300 \(value 11\) outside 0-255"),
        (0, "-1", r"line 2: pixel -1 \(value 1\) outside 0-255"),
        (784, "10", r"line 2: label 10 \(value 785\) outside 0-9"),
        (784, "-2", r"line 2: label -2 \(value 785\) outside 0-9"),
    ],
)
def test_values_out_of_range(tmp_path, position, value, message):
    line = column_major_line(asymmetric_image(), 3)
    values = line.strip().split(",")
    values[position] = value
    path = write_txt(tmp_path / "r.txt", [line, ",".join(values) + "\n"])
    with pytest.raises(DataError, match=message):
        load_mnist_txt(path)


def test_missing_empty_binary_and_truncated_files(tmp_path, digits_file):
    with pytest.raises(DataFileError, match=r"nothere.txt: file not found"):
        load_mnist_txt(tmp_path / "nothere.txt")
    with pytest.raises(DataFileError, match="empty.txt: no samples"):
        load_mnist_txt(write_txt(tmp_path / "empty.txt", []))
    (tmp_path / "bin.txt").write_bytes(b"\x00\x00\x08\x03" + bytes(100))
    with pytest.raises(DataFileError, match="bin.txt: binary data"):
        load_mnist_txt(tmp_path / "bin.txt")
    path, _, _ = digits_file
    packed = gzip.compress(path.read_bytes())
    (tmp_path / "cut.txt.gz").write_bytes(packed[: len(packed) // 2])
    with pytest.raises(DataFileError, match="cut.txt.gz: truncated or corrupted gzip"):
        load_mnist_txt(tmp_path / "cut.txt.gz")
    with pytest.raises(DataFileError, match="is a directory"):
        load_mnist_txt(tmp_path)


# --------------------------------------------------------------------------- embedded digits


def test_embedded_digits():
    x, y = load_mnist_txt()
    assert x.shape == (5000, 28, 28) and x.dtype == np.uint8
    assert y.shape == (5000,) and y.dtype == np.int64
    assert set(np.unique(y).tolist()) == set(range(10))
    assert x.max() == 255 and x.min() == 0
    xs, ys = load_digits(limit=1000)
    np.testing.assert_array_equal(xs, x[:1000])
    np.testing.assert_array_equal(ys, y[:1000])
    assert xs.flags.writeable


def test_embedded_digits_are_upright():
    """A '1' is taller than wide, so its ink spans more rows than columns on average."""
    x, y = load_digits()
    ones = x[y == 1] > 128
    rows = ones.any(axis=2).sum(axis=1)
    cols = ones.any(axis=1).sum(axis=1)
    assert rows.mean() > 2 * cols.mean()


# --------------------------------------------------------------------------- IDX


def idx_bytes(array: np.ndarray, code: int) -> bytes:
    header = struct.pack(">BBBB", 0, 0, code, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


def write_idx_pair(directory: Path, prefix: str, n: int = 5, compress: bool = True) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(n)
    images = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, n, dtype=np.uint8)
    suffix = ".gz" if compress else ""
    for name, array in ((f"{prefix}-images-idx3-ubyte", images), (f"{prefix}-labels-idx1-ubyte", labels)):
        data = idx_bytes(array, 0x08)
        (directory / (name + suffix)).write_bytes(gzip.compress(data) if compress else data)
    return images, labels


@pytest.mark.parametrize("compress", [True, False])
def test_idx_directory(tmp_path, compress):
    images, labels = write_idx_pair(tmp_path, "t10k", compress=compress)
    x, y = load_mnist(tmp_path, split="test")
    np.testing.assert_array_equal(x, images)
    np.testing.assert_array_equal(y, labels)
    assert x.dtype == np.uint8 and y.dtype == np.int64 and x.flags.writeable
    with pytest.raises(DataFileError, match=r"no train-images-idx3-ubyte .*split='test'"):
        load_mnist(tmp_path)
    train, train_labels = write_idx_pair(tmp_path, "train", n=7, compress=compress)
    x, y = load_mnist(tmp_path, split="train")
    np.testing.assert_array_equal(x, train)
    np.testing.assert_array_equal(y, train_labels)


def test_idx_explicit_files(tmp_path):
    images, labels = write_idx_pair(tmp_path, "t10k")
    img = tmp_path / "t10k-images-idx3-ubyte.gz"
    lab = tmp_path / "t10k-labels-idx1-ubyte.gz"
    np.testing.assert_array_equal(load_mnist(img, lab)[1], labels)
    np.testing.assert_array_equal(load_mnist(img)[0], images)  # labels found beside it
    renamed = tmp_path / "my-images.bin"
    renamed.write_bytes(img.read_bytes())
    with pytest.raises(DataFileError, match="no labels file found"):
        load_mnist(renamed)
    with pytest.raises(ConfigError):
        load_mnist(tmp_path, lab)
    with pytest.raises(ConfigError):
        load_mnist(tmp_path, split="validation")


def test_read_idx_other_types_are_big_endian(tmp_path):
    a = np.arange(-3, 9, dtype=np.int32).reshape(3, 4)
    (tmp_path / "ints.idx").write_bytes(idx_bytes(a, 0x0C))
    out = read_idx(tmp_path / "ints.idx")
    np.testing.assert_array_equal(out, a)
    assert out.dtype == np.int32 and out.dtype.isnative


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: b"\x01" + d[1:], "bad magic number"),
        (lambda d: d[:2] + b"\x42" + d[3:], "unknown type code 0x42"),
        (lambda d: d[:-10], r"truncated: .* bytes, header says shape \(5, 28, 28\)"),
        (lambda d: d + b"\x00", "has trailing bytes"),
        (lambda d: d[:6], "truncated IDX header"),
        (lambda d: b"", "bad magic number empty"),
    ],
)
def test_bad_idx_files(tmp_path, mutate, message):
    write_idx_pair(tmp_path, "t10k", compress=False)
    path = tmp_path / "t10k-images-idx3-ubyte"
    path.write_bytes(mutate(path.read_bytes()))
    with pytest.raises(DataFileError, match=message) as info:
        load_mnist(tmp_path, split="test")
    assert str(path) in str(info.value)


def test_idx_mismatched_and_invalid_labels(tmp_path):
    write_idx_pair(tmp_path, "t10k", n=5, compress=False)
    lab = tmp_path / "t10k-labels-idx1-ubyte"
    lab.write_bytes(idx_bytes(np.zeros(4, dtype=np.uint8), 0x08))
    with pytest.raises(DataFileError, match="4 labels for the 5 images"):
        load_mnist(tmp_path, split="test")
    lab.write_bytes(idx_bytes(np.array([0, 1, 12, 3, 4], dtype=np.uint8), 0x08))
    with pytest.raises(DataError, match="label 12 outside 0-9"):
        load_mnist(tmp_path, split="test")
    lab.write_bytes(idx_bytes(np.zeros((5, 2), dtype=np.uint8), 0x08))
    with pytest.raises(DataFileError, match="not an IDX labels file"):
        load_mnist(tmp_path, split="test")
    with pytest.raises(DataFileError, match="no such file"):
        load_mnist(tmp_path / "missing")
