"""Metrics on hand-made arrays, and the name lookup rule for "accuracy"."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from ligero import metrics
from ligero.errors import ConfigError, DataError, ShapeError

SCORES = np.array([
    [0.1, 0.7, 0.2],   # predicts 1
    [0.8, 0.1, 0.1],   # predicts 0
    [0.3, 0.3, 0.4],   # predicts 2
    [0.5, 0.4, 0.1],   # predicts 0
])
LABELS = np.array([1, 0, 1, 2])  # right, right, wrong, wrong


def test_categorical_accuracy_indices_and_one_hot():
    assert metrics.categorical_accuracy(SCORES, LABELS) == 0.5
    assert metrics.categorical_accuracy(SCORES, LABELS.reshape(-1, 1)) == 0.5
    assert metrics.categorical_accuracy(SCORES, np.eye(3)[LABELS]) == 0.5
    assert metrics.categorical_accuracy(SCORES, LABELS.astype(np.float32)) == 0.5
    assert metrics.categorical_accuracy(lg.tensor(SCORES), LABELS) == 0.5


def test_categorical_accuracy_errors():
    with pytest.raises(ShapeError, match="4 predictions"):
        metrics.categorical_accuracy(SCORES, LABELS[:3])
    with pytest.raises(DataError, match="in \\[0, 2\\]"):
        metrics.categorical_accuracy(SCORES, np.array([0, 1, 2, 3]))
    with pytest.raises(DataError, match="whole numbers"):
        metrics.categorical_accuracy(SCORES, np.array([0.5, 1, 2, 0]))
    with pytest.raises(ShapeError):
        metrics.categorical_accuracy(SCORES[:, 0], LABELS)


def test_binary_accuracy():
    pred = np.array([[0.9], [0.2], [0.6], [0.4]])
    true = np.array([1, 0, 0, 1])
    assert metrics.binary_accuracy(pred, true) == 0.5
    assert metrics.binary_accuracy(pred, true, threshold=0.3) == 0.75
    assert metrics.binary_accuracy(pred, np.array([0.9, 0.1, 0.1, 0.9])) == 0.5  # smoothed labels


def test_sign_accuracy_xnor():
    true = np.array([[1.0], [-1.0], [-1.0], [1.0]])
    pred = np.array([[0.87], [-0.9], [0.1], [0.0]])  # right, right, wrong, zero = wrong
    assert metrics.sign_accuracy(pred, true) == 0.5
    assert metrics.sign_accuracy(-true * 0.3, true) == 0.0


def test_regression_metrics():
    pred = np.array([[1.0, 2.0], [3.0, 5.0]])
    true = np.array([[1.0, 0.0], [3.0, 4.0]])
    assert metrics.mean_squared_error(pred, true) == pytest.approx((0 + 4 + 0 + 1) / 4)
    assert metrics.mean_absolute_error(pred, true) == pytest.approx((0 + 2 + 0 + 1) / 4)
    assert metrics.mean_squared_error(np.array([[1.0], [2.0]]), np.array([1.0, 4.0])) == 2.0
    with pytest.raises(ShapeError):
        metrics.mean_squared_error(pred, np.zeros((2, 3)))


def test_top_k_accuracy():
    assert metrics.top_k_accuracy(SCORES, LABELS, k=1) == 0.5
    # k=2: row 2 (label 1 ties for 2nd) counts; row 3 (label 2 is last) does not
    assert metrics.top_k_accuracy(SCORES, LABELS, k=2) == 0.75
    assert metrics.top_k_accuracy(SCORES, np.eye(3)[LABELS], k=3) == 1.0
    assert metrics.top_k_categorical_accuracy(SCORES, LABELS) == 1.0
    with pytest.raises(ConfigError):
        metrics.top_k_accuracy(SCORES, LABELS, k=0)


def test_confusion_matrix():
    m = metrics.confusion_matrix(LABELS, SCORES)
    expected = np.array([
        [1, 0, 0],
        [0, 1, 1],
        [1, 0, 0],
    ])
    np.testing.assert_array_equal(m, expected)
    assert m.dtype == np.int64
    np.testing.assert_array_equal(metrics.confusion_matrix([0, 1, 1], [0, 0, 1], num_classes=3),
                                  [[1, 0, 0], [1, 1, 0], [0, 0, 0]])
    np.testing.assert_array_equal(metrics.confusion_matrix([0, 2], [0, 1]), [[1, 0, 0], [0, 0, 0], [0, 1, 0]])
    assert metrics.confusion_matrix(np.eye(3)[LABELS], SCORES).sum() == 4
    with pytest.raises(DataError):
        metrics.confusion_matrix([0, 5], [0, 1], num_classes=3)
    with pytest.raises(ShapeError):
        metrics.confusion_matrix([0, 1, 1], [0, 1])


def test_empty_arrays_rejected():
    with pytest.raises(DataError, match="no samples"):
        metrics.binary_accuracy(np.zeros((0, 1)), np.zeros((0, 1)))


# ------------------------------------------------------------------ lookup
def test_get_accuracy_categorical_by_output_shape():
    for shape in [(None, 10), (10,), 10]:
        assert metrics.get("accuracy", output_shape=shape) is metrics.categorical_accuracy
    assert metrics.get("acc", loss_name="categorical_crossentropy") is metrics.categorical_accuracy


def test_get_accuracy_one_output():
    pm1 = np.array([[1.0], [-1.0], [-1.0], [1.0]])
    assert metrics.get("accuracy", loss_name="mse", output_shape=(None, 1), y_true=pm1) is metrics.sign_accuracy
    assert metrics.get("accuracy", output_shape=(None, 1), y_true=(pm1 + 1) / 2) is metrics.binary_accuracy
    assert metrics.get("accuracy", loss_name="binary_crossentropy") is metrics.binary_accuracy
    assert metrics.get("accuracy", loss_name="multiclass_hinge") is metrics.categorical_accuracy


def test_get_accuracy_decided_per_call_without_hints():
    fn = metrics.get("accuracy", output_shape=(None, 1))
    pm1 = np.array([[1.0], [-1.0]])
    assert fn(np.array([[0.3], [-0.2]]), pm1) == 1.0  # ±1 targets: signs
    assert fn(np.array([[0.3], [0.7]]), np.array([[0.0], [1.0]])) == 1.0  # 0/1 targets: threshold 0.5
    auto = metrics.get("accuracy")
    assert auto(SCORES, LABELS) == 0.5  # several outputs: categorical
    assert auto(np.array([[0.3], [-0.2]]), pm1) == 1.0


@pytest.mark.parametrize("name, fn", [
    ("mse", metrics.mean_squared_error), ("MAE", metrics.mean_absolute_error),
    ("binary_accuracy", metrics.binary_accuracy), ("sign_accuracy", metrics.sign_accuracy),
    ("categorical_accuracy", metrics.categorical_accuracy), ("top_k_accuracy", metrics.top_k_accuracy),
])
def test_get_by_name(name, fn):
    assert metrics.get(name) is fn


def test_get_callable_and_errors():
    custom = lambda p, t: 1.0  # noqa: E731
    assert metrics.get(custom) is custom
    with pytest.raises(ConfigError, match="sign_accuracy"):
        metrics.get("f1")
    with pytest.raises(ConfigError):
        metrics.get(3)


def test_serialize():
    assert metrics.serialize(metrics.mean_squared_error) == "mean_squared_error"
    assert metrics.serialize(metrics.get("accuracy")) == "accuracy"
    assert metrics.serialize("acc") == "acc"
    with pytest.raises(ConfigError):
        metrics.serialize(lambda p, t: 0.0)
