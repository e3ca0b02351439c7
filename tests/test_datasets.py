"""Toy problems (XNOR, parity) and the preprocessing helpers of ligero.datasets."""

from __future__ import annotations

import numpy as np
import pytest

from ligero import ConfigError, DataError, ShapeError
from ligero.datasets import (
    center,
    flatten,
    one_hot,
    parity,
    scale,
    standardize,
    to_categorical,
    train_test_split,
    xnor,
)

# --------------------------------------------------------------------------- toy problems


def test_xnor():
    x, y = xnor()
    assert x.dtype == np.float32 and y.dtype == np.float32
    assert x.shape == (4, 2) and y.shape == (4, 1)
    for (a, b), (t,) in zip(x, y):
        assert a in (-1, 1) and b in (-1, 1)
        assert t == (1 if a == b else -1)


@pytest.mark.parametrize("n", [1, 2, 5, 8])
def test_parity(n):
    x, y = parity(n)
    assert x.shape == (2**n, n) and y.shape == (2**n, 1)
    assert x.dtype == np.float32 and y.dtype == np.float32
    assert set(np.unique(x).tolist()) == {-1.0, 1.0}
    assert len({tuple(row) for row in x.tolist()}) == 2**n  # every pattern once
    np.testing.assert_array_equal(y[:, 0], np.prod(x, axis=1))
    assert (y == 1).sum() == (y == -1).sum() == 2 ** (n - 1)


def test_parity_2_is_xnor():
    for a, b in zip(parity(2), xnor()):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("n", [0, -1, 21, 2.0, True, "3"])
def test_parity_rejects_bad_n(n):
    with pytest.raises(ConfigError):
        parity(n)


# --------------------------------------------------------------------------- preprocessing


def test_scale():
    x = np.array([[0, 128, 255]], dtype=np.uint8)
    s = scale(x)
    assert s.dtype == np.float32
    np.testing.assert_allclose(s, [[0.0, 128 / 255, 1.0]], rtol=1e-6)
    assert scale(np.array([2.0, 4.0]), maximum=4).dtype == np.float32
    for bad in (0, -1.0, float("nan"), "255"):
        with pytest.raises(ConfigError):
            scale(x, maximum=bad)


def test_flatten():
    x = np.zeros((5, 3, 32, 32), dtype=np.uint8)
    f = flatten(x)
    assert f.shape == (5, 3072) and f.dtype == np.uint8
    assert flatten(np.arange(4)).shape == (4, 1)
    with pytest.raises(ShapeError):
        flatten(np.float32(1.0))


def test_center_uses_the_training_mean():
    rng = np.random.default_rng(0)
    x_train = rng.integers(0, 256, (50, 3, 4, 4), dtype=np.uint8)
    x_test = rng.integers(0, 256, (10, 3, 4, 4), dtype=np.uint8)
    train_c, test_c, mean = center(x_train, x_test)
    assert train_c.dtype == test_c.dtype == mean.dtype == np.float32
    assert mean.shape == (3, 4, 4)
    np.testing.assert_allclose(mean, x_train.mean(axis=0), rtol=1e-6)
    np.testing.assert_allclose(train_c.mean(axis=0), 0, atol=1e-4)
    np.testing.assert_allclose(test_c, x_test - x_train.mean(axis=0), rtol=1e-5, atol=1e-4)
    only, m = center(np.ones((3, 2), dtype=np.float64))
    assert only.dtype == np.float32 and m.dtype == np.float32


def test_center_does_not_modify_its_input():
    x = np.arange(6, dtype=np.float32).reshape(3, 2)
    before = x.copy()
    center(x, x)
    standardize(x, x)
    np.testing.assert_array_equal(x, before)


def test_center_shape_mismatch():
    with pytest.raises(ShapeError, match=r"\(5,\) do not match x_train's \(4,\)"):
        center(np.zeros((3, 4)), np.zeros((2, 5)))
    with pytest.raises(ShapeError):
        center(np.zeros((0, 4)))


def test_standardize():
    rng = np.random.default_rng(1)
    x_train = rng.normal(5.0, 3.0, (200, 6)).astype(np.float32)
    x_train[:, 2] = 7.0  # a constant feature
    x_test = rng.normal(5.0, 3.0, (20, 6)).astype(np.float32)
    train_s, test_s, mean, std = standardize(x_train, x_test)
    assert {a.dtype for a in (train_s, test_s, mean, std)} == {np.dtype(np.float32)}
    np.testing.assert_allclose(train_s.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(np.delete(train_s.std(axis=0), 2), 1, rtol=1e-4)
    assert std[2] == 1.0 and (train_s[:, 2] == 0).all()
    np.testing.assert_allclose(test_s, (x_test - mean) / std, rtol=1e-5)


def test_one_hot():
    y = np.array([2, 0, 1, 2])
    h = one_hot(y)
    assert h.dtype == np.float32 and h.shape == (4, 3)
    np.testing.assert_array_equal(h.argmax(axis=1), y)
    assert h.sum() == 4
    assert one_hot(y, num_classes=10).shape == (4, 10)
    assert one_hot(y.reshape(-1, 1), 3).shape == (4, 3)
    np.testing.assert_array_equal(one_hot(np.array([1.0, 0.0]), 2), [[0, 1], [1, 0]])
    assert to_categorical is one_hot


@pytest.mark.parametrize(
    ("y", "num_classes", "error"),
    [
        ([0, 3], 3, DataError),
        ([-1, 0], 3, DataError),
        ([0.5, 1], 3, DataError),
        (["a"], 3, DataError),
        ([0, 1], 0, ConfigError),
        ([[0, 1], [1, 0]], None, ShapeError),
    ],
)
def test_one_hot_errors(y, num_classes, error):
    with pytest.raises(error):
        one_hot(np.array(y), num_classes)


def test_train_test_split_is_seeded_and_complete():
    x = np.arange(100).reshape(50, 2)
    y = np.arange(50)
    (xa, ya), (xb, yb) = train_test_split(x, y, test_size=0.2, seed=3)
    assert xa.shape == (40, 2) and xb.shape == (10, 2)
    np.testing.assert_array_equal(xa[:, 0] // 2, ya)  # pairs stay together
    assert sorted(np.concatenate([ya, yb]).tolist()) == list(range(50))
    (xa2, _), (xb2, _) = train_test_split(x, y, test_size=0.2, seed=3)
    np.testing.assert_array_equal(xa, xa2)
    np.testing.assert_array_equal(xb, xb2)
    (_, _), (_, yc) = train_test_split(x, y, test_size=0.2, seed=4)
    assert yc.tolist() != yb.tolist()


def test_train_test_split_counts_and_order():
    x, y = np.arange(1000), np.arange(1000) % 10
    (xa, _), (xb, yb) = train_test_split(x, y, test_size=100, shuffle=False)
    np.testing.assert_array_equal(xa, np.arange(900))
    np.testing.assert_array_equal(xb, np.arange(900, 1000))
    assert yb.shape == (100,)
    (_, _), (xc, _) = train_test_split(x, y, test_size=0.15)
    assert len(xc) == 150


@pytest.mark.parametrize("test_size", [0, 10, 1.0, 0.0, -0.1, True, "0.2"])
def test_train_test_split_rejects_bad_sizes(test_size):
    with pytest.raises(ConfigError):
        train_test_split(np.arange(10), np.arange(10), test_size=test_size)


def test_train_test_split_length_mismatch():
    with pytest.raises(ShapeError):
        train_test_split(np.arange(10), np.arange(9))
