"""Metrics as Keras 3's: per-sample functions, stateful Metric objects, and how compile resolves names."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from ligero import layers, metrics, optimizers
from ligero.errors import ConfigError, DataError, ShapeError

SCORES = np.array([
    [0.1, 0.7, 0.2],   # predicts 1
    [0.8, 0.1, 0.1],   # predicts 0
    [0.3, 0.3, 0.4],   # predicts 2
    [0.5, 0.4, 0.1],   # predicts 0
])
LABELS = np.array([1, 0, 1, 2])  # right, right, wrong, wrong


def values(t) -> list:
    return np.asarray(t.numpy()).tolist()


def test_accuracy_functions_give_one_value_per_sample_targets_first():
    assert values(metrics.sparse_categorical_accuracy(LABELS, SCORES)) == [1, 1, 0, 0]
    assert values(metrics.sparse_categorical_accuracy(LABELS.reshape(-1, 1), SCORES)) == [1, 1, 0, 0]
    assert values(metrics.categorical_accuracy(np.eye(3)[LABELS], SCORES)) == [1, 1, 0, 0]
    assert values(metrics.binary_accuracy(np.array([[1], [0]]), np.array([[0.9], [0.6]]))) == [[1], [0]]
    assert values(metrics.accuracy(np.array([1, 2, 3]), np.array([1, 2, 4]))) == [1, 1, 0]
    with pytest.raises(ShapeError, match="sparse_categorical_accuracy"):
        metrics.categorical_accuracy(LABELS, SCORES)


def test_stateful_metrics_accumulate_reset_and_weight():
    acc = metrics.SparseCategoricalAccuracy()
    acc.update_state(LABELS[:2], SCORES[:2])
    assert float(acc.result().array) == 1.0
    acc.update_state(LABELS[2:], SCORES[2:])
    assert float(acc.result().array) == 0.5
    assert acc.name == "sparse_categorical_accuracy"
    acc.reset_state()
    assert float(acc.result().array) == 0.0
    acc.update_state(LABELS, SCORES, sample_weight=np.array([3.0, 1.0, 0.0, 0.0]))
    assert float(acc.result().array) == 1.0
    assert float(metrics.BinaryAccuracy(threshold=0.3)(np.array([[1], [0]]), np.array([[0.4], [0.35]])).array) == 0.5


def test_sign_accuracy_xnor():
    true = np.array([[1.0], [-1.0], [-1.0], [1.0]])
    pred = np.array([[0.87], [-0.9], [0.1], [0.0]])  # right, right, wrong, zero = wrong
    assert float(metrics.SignAccuracy()(true, pred).array) == 0.5
    assert values(metrics.sign_accuracy(true, -true * 0.3)) == [[0], [0], [0], [0]]


def test_regression_metrics():
    pred = np.array([[1.0, 2.0], [3.0, 5.0]])
    true = np.array([[1.0, 0.0], [3.0, 4.0]])
    assert float(metrics.MeanSquaredError()(true, pred).array) == pytest.approx((0 + 4 + 0 + 1) / 4)
    assert float(metrics.MeanAbsoluteError()(true, pred).array) == pytest.approx((0 + 2 + 0 + 1) / 4)
    assert float(metrics.RootMeanSquaredError()(true, pred).array) == pytest.approx(np.sqrt(5 / 4))
    weighted = metrics.MeanSquaredError()
    weighted.update_state(true, pred, sample_weight=np.array([1.0, 3.0]))
    assert float(weighted.result().array) == pytest.approx((2.0 * 1 + 0.5 * 3) / 4)


def test_top_k_accuracy():
    scores = np.array([[0.1, 0.5, 0.4], [0.3, 0.3, 0.4], [0.6, 0.3, 0.1]])
    labels = np.array([2, 0, 2])
    assert values(metrics.sparse_top_k_categorical_accuracy(labels, scores, k=1)) == [0, 0, 0]
    assert values(metrics.sparse_top_k_categorical_accuracy(labels, scores, k=2)) == [1, 1, 0]
    assert float(metrics.TopKCategoricalAccuracy(k=2)(np.eye(3)[labels], scores).array) == pytest.approx(2 / 3)


def test_precision_recall_and_auc_by_hand():
    t = np.array([1, 1, 0, 0, 1, 0], dtype=float)
    p = np.array([0.9, 0.4, 0.6, 0.2, 0.7, 0.1])
    # at 0.5: predicted positive 0.9, 0.6, 0.7 -> TP 2, FP 1, FN 1
    assert float(metrics.Precision()(t, p).array) == pytest.approx(2 / 3)
    assert float(metrics.Recall()(t, p).array) == pytest.approx(2 / 3)
    assert values(metrics.Precision(thresholds=[0.3, 0.8])(t, p)) == pytest.approx([3 / 4, 1.0])
    # perfectly ranked scores give ROC AUC 1; the ranking above misorders 1 pair of 9
    assert float(metrics.AUC()(t, np.array([0.9, 0.8, 0.2, 0.1, 0.7, 0.3])).array) == pytest.approx(1.0, abs=1e-6)
    assert float(metrics.AUC(num_thresholds=1000)(t, p).array) == pytest.approx(8 / 9, abs=2e-3)
    pr = metrics.AUC(curve="PR")(t, np.array([0.9, 0.8, 0.2, 0.1, 0.7, 0.3]))
    assert float(pr.array) == pytest.approx(1.0, abs=1e-2)


def test_mean_sum_and_wrapper():
    mean, total = metrics.Mean(), metrics.Sum()
    for v in (1.0, 2.0, 6.0):
        mean.update_state(v)
        total.update_state(v)
    assert float(mean.result().array) == 3.0 and float(total.result().array) == 9.0
    mean.update_state(np.array([10.0]), sample_weight=np.array([3.0]))
    assert float(mean.result().array) == pytest.approx((9 + 30) / 6)

    def largest(y_true, y_pred):
        return np.abs(np.asarray(y_true) - np.asarray(y_pred)).max(axis=-1)

    wrapper = metrics.MeanMetricWrapper(largest, name="largest")
    assert float(wrapper(np.zeros((2, 2)), np.array([[1.0, -3.0], [0.5, 0.0]])).array) == pytest.approx(1.75)


def test_accuracy_resolved_by_shapes_as_keras():
    assert isinstance(metrics.resolve("accuracy", (8,), (8, 3)), metrics.SparseCategoricalAccuracy)
    assert isinstance(metrics.resolve("accuracy", (8, 1), (8, 3)), metrics.SparseCategoricalAccuracy)
    assert isinstance(metrics.resolve("acc", (8, 3), (8, 3)), metrics.CategoricalAccuracy)
    assert isinstance(metrics.resolve("accuracy", (8, 1), (8, 1)), metrics.BinaryAccuracy)
    assert metrics.resolve("acc", (8,), (8, 3)).name == "acc"
    assert metrics.resolve("mae", (8, 2), (8, 2)).name == "mae"
    custom = metrics.resolve(lambda t, p: np.zeros(len(t)), (8,), (8, 3))
    assert isinstance(custom, metrics.MeanMetricWrapper)


def test_compile_metrics_by_name_in_fit_logs():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((16, 3)).astype(np.float32), rng.standard_normal((16, 2)).astype(np.float32)
    lg.set_seed(0)
    model = lg.Sequential([layers.Dense(2, input_dim=3)])
    model.compile(optimizer=optimizers.SGD(lr=0.01), loss="mse", metrics=["mae", metrics.RootMeanSquaredError()])
    history = model.fit(x, y, batch_size=4, epochs=2, verbose=0)
    assert list(history.history) == ["loss", "mae", "root_mean_squared_error"]
    loss, mae, rmse = model.evaluate(x, y, verbose=0)
    pred = model.predict(x, verbose=0)
    assert mae == pytest.approx(np.abs(pred - y).mean(), rel=1e-5)
    assert rmse == pytest.approx(np.sqrt(((pred - y) ** 2).mean()), rel=1e-5)
    assert loss == pytest.approx(((pred - y) ** 2).mean(), rel=1e-5)


def test_get_by_name_and_errors():
    assert isinstance(metrics.get("mae"), metrics.MeanAbsoluteError)
    assert isinstance(metrics.get("accuracy"), metrics.Accuracy)
    fn = metrics.categorical_accuracy
    assert metrics.get(fn) is fn
    with pytest.raises(ConfigError, match="unknown metric"):
        metrics.get("accuracy_of_everything")
    with pytest.raises(ConfigError):
        metrics.get(42)
    with pytest.raises(ConfigError, match="unknown metric"):
        lg.Sequential([layers.Dense(1, input_dim=1)]).compile(loss="mse", metrics=["nope"])


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
