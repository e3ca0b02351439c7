"""Property tests of reliability.

Ops: random shapes (with broadcasting) and random axes, gradients checked numerically
with ``ligero.gradcheck``; shapes that do not fit give ShapeError, never a NumPy error.

Loaders: random corruptions of valid files (cut at a random byte, random bytes changed,
garbage inserted) in the course text format, IDX, a small CIFAR-10 set (directory and
archive) and a saved model. The only outcomes allowed are a successful load or one of
the documented errors (DataFileError, its subclass UnsafeFileError, DataError): never
another exception, and never code run from the file.

Bounded so that the whole file runs in well under a minute.
"""

from __future__ import annotations

import gzip
import pickle
import shutil
import struct
import tarfile
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import ligero as lg
from ligero import layers
from ligero.datasets import load_cifar10, load_mnist, load_mnist_txt
from ligero.errors import DataError, DataFileError, ShapeError

OPS = settings(max_examples=40, deadline=None)
FILES = settings(max_examples=40, deadline=None)
GRAD_TOL = 1e-6


def signed(rng: np.random.Generator, shape, low: float = 0.5, high: float = 2.0) -> np.ndarray:
    """Values with |v| in [low, high) and random signs (safe for division and for powers)."""
    return rng.uniform(low, high, shape) * rng.choice([-1.0, 1.0], shape)


# ======================================================================= ops
BINARY = {
    "add": lg.add,
    "sub": lg.sub,
    "mul": lg.mul,
    "div": lg.div,
    "maximum": lg.maximum,
    "minimum": lg.minimum,
    "pow": lambda a, b: lg.pow(lg.abs(a), b),  # a positive base: any real exponent
    "where": lambda a, b: lg.where(a.data > 0, a, b),
}
NUMPY = {
    "add": np.add,
    "sub": np.subtract,
    "mul": np.multiply,
    "div": np.divide,
    "maximum": np.maximum,
    "minimum": np.minimum,
    "pow": lambda a, b: np.abs(a) ** b,
    "where": lambda a, b: np.where(a > 0, a, b),
}


@OPS
@given(
    op=st.sampled_from(sorted(BINARY)),
    shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=3),
    seed=st.integers(0, 2**16),
)
def test_binary_ops_broadcast_like_numpy_with_numerical_gradients(op, shapes, seed):
    rng = np.random.default_rng(seed)
    if op in ("maximum", "minimum"):  # |a - b| >= 0.5: the numerical derivative never straddles the kink
        a, b = signed(rng, shapes.input_shapes[0], 0.5, 1.0), signed(rng, shapes.input_shapes[1], 1.5, 2.0)
    else:
        a, b = signed(rng, shapes.input_shapes[0]), signed(rng, shapes.input_shapes[1])
    out = BINARY[op](lg.tensor(a), lg.tensor(b))
    assert out.shape == shapes.result_shape
    np.testing.assert_allclose(out.data, NUMPY[op](a, b), rtol=1e-12)
    assert lg.gradcheck(BINARY[op], [a, b]) < GRAD_TOL


@OPS
@given(
    op=st.sampled_from(sorted(BINARY)),
    shape_a=hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
    shape_b=hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
)
def test_shapes_that_do_not_broadcast_raise_shape_error_naming_both(op, shape_a, shape_b):
    try:
        np.broadcast_shapes(shape_a, shape_b)
    except ValueError:
        with pytest.raises(ShapeError) as info:
            BINARY[op](lg.tensor(np.ones(shape_a)), lg.tensor(np.ones(shape_b)))
        assert str(shape_a) in str(info.value) and str(shape_b) in str(info.value)
    else:
        assert BINARY[op](lg.tensor(np.ones(shape_a)), lg.tensor(np.ones(shape_b))).shape == np.broadcast_shapes(
            shape_a, shape_b)


@st.composite
def shape_and_axis(draw):
    """A shape, and an axis for it: None, an int or a tuple of distinct ints, negative or not."""
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=4, max_side=3))
    ndim = len(shape)
    one = st.integers(-ndim, ndim - 1)
    several = st.lists(one, min_size=1, max_size=ndim, unique_by=lambda a: a % ndim).map(tuple)
    return shape, draw(st.none() | one | several)


REDUCE = ["sum", "mean", "max", "min"]


@OPS
@given(case=shape_and_axis(), name=st.sampled_from(REDUCE), keepdims=st.booleans(), seed=st.integers(0, 2**16))
def test_reductions_over_random_axes_match_numpy_with_numerical_gradients(case, name, keepdims, seed):
    shape, axis = case
    # distinct values, at least 0.01 apart: max/min never tie, so the gradient is defined
    x = np.random.default_rng(seed).permutation(np.arange(int(np.prod(shape)))).reshape(shape) * 0.01
    fn = getattr(lg.ops, name)  # NumPy's meaning (lg.max is torch's)
    out = fn(lg.tensor(x), axis=axis, keepdims=keepdims)
    np.testing.assert_allclose(out.data, getattr(np, name)(x, axis=axis, keepdims=keepdims), rtol=1e-12)
    assert lg.gradcheck(lambda t: fn(t, axis=axis, keepdims=keepdims), [x]) < GRAD_TOL


@OPS
@given(case=shape_and_axis(), name=st.sampled_from(REDUCE))
def test_reductions_over_axes_out_of_range_raise_shape_error(case, name):
    shape, _ = case
    bad = len(shape) + 1
    for axis in (bad, -bad - 1, (0, bad)):
        with pytest.raises(ShapeError, match="out of range"):
            getattr(lg, name)(lg.tensor(np.ones(shape)), axis=axis)


@OPS
@given(
    shape=hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
    data=st.data(),
    name=st.sampled_from(["softmax", "log_softmax"]),
    seed=st.integers(0, 2**16),
)
def test_softmax_over_a_random_axis_has_numerical_gradients(shape, data, name, seed):
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    x = signed(np.random.default_rng(seed), shape, 0.0, 3.0)
    fn = getattr(lg, name)
    out = fn(lg.tensor(x), axis=axis)
    probs = np.exp(out.data) if name == "log_softmax" else out.data
    np.testing.assert_allclose(probs.sum(axis=axis), 1.0, rtol=1e-12)
    assert lg.gradcheck(lambda t: fn(t, axis=axis), [x]) < GRAD_TOL


@OPS
@given(
    shape=hnp.array_shapes(min_dims=1, max_dims=3, max_side=3),
    data=st.data(),
    sizes=st.lists(st.integers(1, 3), min_size=2, max_size=3),
    seed=st.integers(0, 2**16),
)
def test_concatenate_along_a_random_axis_has_numerical_gradients(shape, data, sizes, seed):
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    rng = np.random.default_rng(seed)
    parts = []
    for size in sizes:
        part_shape = list(shape)
        part_shape[axis] = size
        parts.append(rng.standard_normal(part_shape))
    out = lg.concatenate([lg.tensor(p) for p in parts], axis=axis)
    np.testing.assert_array_equal(out.data, np.concatenate(parts, axis=axis))
    assert lg.gradcheck(lambda *ts: lg.concatenate(list(ts), axis=axis), parts) < GRAD_TOL


# =================================================================== files
@st.composite
def corruption(draw, size: int):
    """A function that damages ``bytes`` of length ``size`` and a description of it."""
    kind = draw(st.sampled_from(["truncate", "flip", "insert", "overwrite"]))
    if kind == "truncate":
        at = draw(st.integers(0, size - 1))
        return f"truncate at {at}", lambda raw: raw[:at]
    if kind == "flip":
        changes = draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(1, 255)), min_size=1, max_size=6))

        def flip(raw: bytes) -> bytes:
            out = bytearray(raw)
            for at, mask in changes:
                out[at] ^= mask
            return bytes(out)

        return f"xor {changes}", flip
    at = draw(st.integers(0, size))
    garbage = draw(st.binary(min_size=1, max_size=40))
    if kind == "insert":
        return f"insert {garbage!r} at {at}", lambda raw: raw[:at] + garbage + raw[at:]
    return f"overwrite with {garbage!r} at {at}", lambda raw: raw[:at] + garbage + raw[at + len(garbage):]


ALLOWED = (DataFileError, DataError)  # UnsafeFileError is a DataFileError


def load_or_documented_error(load, where: Path, what: str) -> None:
    """Call ``load()``: success, or an allowed error whose message names a file in
    ``where``. Any other exception fails the test (hypothesis then shows ``what``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. a NumPy warning on the way is not an outcome
        try:
            load()
        except ALLOWED as exc:
            assert str(where) in str(exc), f"{what}: the message names no file: {exc}"


@pytest.fixture(scope="module")
def workdir():
    path = Path(tempfile.mkdtemp(prefix="ligero-fuzz-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _text_file(n: int = 2) -> bytes:
    rng = np.random.default_rng(0)
    return b"".join(
        (",".join(map(str, rng.integers(0, 256, 784))) + f",{i}\n").encode() for i in range(n)
    )


TEXT = _text_file()
TEXT_GZ = gzip.compress(TEXT, mtime=0)


@FILES
@given(data=st.data(), compressed=st.booleans())
def test_corrupted_course_text_file(workdir, data, compressed):
    raw = TEXT_GZ if compressed else TEXT
    what, damage = data.draw(corruption(len(raw)))
    path = workdir / ("digits.txt.gz" if compressed else "digits.txt")
    path.write_bytes(damage(raw))
    load_or_documented_error(lambda: load_mnist_txt(path), workdir, what)


def _idx(array: np.ndarray) -> bytes:
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.tobytes()


IDX_IMAGES = _idx(np.random.default_rng(1).integers(0, 256, (2, 28, 28), dtype=np.uint8))
IDX_LABELS = _idx(np.array([3, 7], np.uint8))


@FILES
@given(data=st.data(), compressed=st.booleans(), damaged=st.sampled_from(["images", "labels"]))
def test_corrupted_idx_files(workdir, data, compressed, damaged):
    files = {"images": IDX_IMAGES, "labels": IDX_LABELS}
    pack = (lambda raw: gzip.compress(raw, mtime=0)) if compressed else (lambda raw: raw)
    raw = pack(files[damaged])
    what, damage = data.draw(corruption(len(raw)))
    suffix = ".gz" if compressed else ""
    paths = {kind: workdir / f"t10k-{kind}-idx{3 if kind == 'images' else 1}-ubyte{suffix}" for kind in files}
    for kind, content in files.items():
        paths[kind].write_bytes(damage(raw) if kind == damaged else pack(content))
    load_or_documented_error(lambda: load_mnist(paths["images"], paths["labels"]), workdir, what)


def _cifar_dir(root: Path, rows: int = 2) -> Path:
    d = root / "cifar-10-batches-py"
    d.mkdir(parents=True)
    rng = np.random.default_rng(2)
    for i, name in enumerate([f"data_batch_{k}" for k in range(1, 6)] + ["test_batch"]):
        batch = {b"batch_label": b"batch", b"labels": [int(v) for v in rng.integers(0, 10, rows)],
                 b"data": rng.integers(0, 256, (rows, 3072), dtype=np.uint8)}
        (d / name).write_bytes(pickle.dumps(batch, protocol=(2, 4, 5)[i % 3]))
    meta = {b"num_cases_per_batch": rows, b"num_vis": 3072,
            b"label_names": [c.encode() for c in lg.datasets.CIFAR10_CLASSES]}
    (d / "batches.meta").write_bytes(pickle.dumps(meta, protocol=2))
    return d


@pytest.fixture(scope="module")
def cifar(workdir):
    d = _cifar_dir(workdir / "cifar")
    archive = workdir / "cifar-10-python.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(d, arcname="cifar-10-batches-py")
    return d, archive.read_bytes()


@FILES
@given(data=st.data(), name=st.sampled_from(["data_batch_1", "data_batch_2", "test_batch", "batches.meta"]))
def test_corrupted_cifar_batch(cifar, data, name):
    d, _ = cifar
    path = d / name
    original = path.read_bytes()
    what, damage = data.draw(corruption(len(original)))
    path.write_bytes(damage(original))
    try:
        load_or_documented_error(lambda: load_cifar10(d), d, what)
    finally:
        path.write_bytes(original)


@FILES
@given(data=st.data())
def test_corrupted_cifar_archive(cifar, workdir, data):
    _, raw = cifar
    what, damage = data.draw(corruption(len(raw)))
    path = workdir / "damaged" / "cifar-10-python.tar.gz"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(damage(raw))
    load_or_documented_error(lambda: load_cifar10(path), path, what)


@pytest.fixture(scope="module")
def model_file(workdir):
    lg.set_seed(0)
    model = lg.Sequential([layers.Dense(4, activation="tanh", input_dim=3), layers.Dropout(0.1), layers.Dense(2)])
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    model.fit(np.ones((4, 3), np.float32), np.zeros((4, 2)), verbose=0)
    path = workdir / "model.ligero"
    model.save(path)
    return path.read_bytes()


@FILES
@given(data=st.data())
def test_corrupted_model_file(workdir, model_file, data):
    what, damage = data.draw(corruption(len(model_file)))
    path = workdir / "damaged.ligero"
    path.write_bytes(damage(model_file))

    def load() -> None:
        model = lg.load_model(path)
        assert model.predict(np.ones((1, 3), np.float32)).shape == (1, 2)

    load_or_documented_error(load, path, what)
