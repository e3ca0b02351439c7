"""Confusion-count metrics (Keras face): TruePositives... and the rates at a constraint (SensitivityAtSpecificity...),
by object and by name, on ligero's one confusion mechanism."""

from __future__ import annotations

import numpy as np
import pytest

import ligero.keras as keras
from ligero.errors import ConfigError, ShapeError

M = keras.metrics


def _value(metric) -> float | list[float]:
    return np.asarray(metric.result().array).tolist()


@pytest.mark.parametrize(("cls", "y_true", "y_pred", "plain", "weighted"), [
    (M.FalsePositives, [0, 1, 0, 0], [0, 0, 1, 1], 2.0, 1.0),
    (M.FalseNegatives, [0, 1, 1, 1], [0, 1, 0, 0], 2.0, 1.0),
    (M.TrueNegatives, [0, 1, 0, 0], [1, 1, 0, 0], 2.0, 1.0),
    (M.TruePositives, [0, 1, 1, 1], [1, 0, 1, 1], 2.0, 1.0),
])
def test_counts_match_keras_documented_examples(cls, y_true, y_pred, plain, weighted) -> None:
    metric = cls()
    metric.update_state(y_true, y_pred)
    assert _value(metric) == plain
    metric.reset_state()
    metric.update_state(y_true, y_pred, sample_weight=[0, 0, 1, 0])
    assert _value(metric) == weighted


def test_counts_at_several_thresholds_accumulate_weights() -> None:
    rng = np.random.default_rng(0)
    y, p, w = rng.integers(0, 2, 30), rng.uniform(0, 1, 30), rng.uniform(0, 2, 30)
    thresholds = [0.2, 0.45, 0.7]
    metrics = {name: getattr(M, name)(thresholds=thresholds) for name in
               ("TruePositives", "FalsePositives", "TrueNegatives", "FalseNegatives")}
    for metric in metrics.values():
        metric.update_state(y[:10], p[:10], sample_weight=w[:10])
        metric.update_state(y[10:], p[10:], sample_weight=w[10:])
    for i, t in enumerate(thresholds):
        above = p > t
        expected = {"TruePositives": w[above & (y == 1)].sum(), "FalsePositives": w[above & (y == 0)].sum(),
                    "TrueNegatives": w[~above & (y == 0)].sum(), "FalseNegatives": w[~above & (y == 1)].sum()}
        for name, metric in metrics.items():
            assert _value(metric)[i] == pytest.approx(expected[name])
    total = sum(np.asarray(_value(m)) for m in metrics.values())
    np.testing.assert_allclose(total, w.sum())


def test_nonzero_targets_count_positive_and_even_thresholds_clip() -> None:
    metric = M.TruePositives(thresholds=[0.0, 0.5, 1.0])  # evenly spaced: Keras clips predictions to [0, 1]
    metric.update_state([0, 1, 1, 1, 0.3, 0], [0.0, 0.5, 1.0, 1.5, 0.8, -0.2])
    assert _value(metric) == [4.0, 3.0, 0.0]
    uneven = M.TruePositives(thresholds=[0.0, 0.9])  # not evenly spaced: no clip, 1.5 > 0.9
    uneven.update_state([1, 1], [1.5, 0.95])
    assert _value(uneven) == [2.0, 2.0]


def test_precision_and_recall_with_top_k_and_class_id() -> None:
    precision = M.Precision(top_k=2)
    precision.update_state([0, 0, 1, 1], [1, 1, 1, 1])
    assert _value(precision) == 0.0  # Keras's example: the first two (ties by position) are kept
    precision = M.Precision(top_k=4)
    precision.update_state([0, 0, 1, 1], [1, 1, 1, 1])
    assert _value(precision) == 0.5
    labels = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]])
    scores = np.array([[0.7, 0.6, 0.1], [0.2, 0.9, 0.8], [0.1, 0.4, 0.3], [0.3, 0.2, 0.6]])
    recall = M.Recall(class_id=1)
    recall.update_state(labels, scores)
    assert _value(recall) == 0.5  # class 1: rows 1 and 3 are positive, only row 1 scores above 0.5
    precision = M.Precision(class_id=2)
    precision.update_state(labels, scores)
    assert _value(precision) == 0.0  # rows 1 and 3 score class 2 above 0.5, neither is class 2
    assert M.Precision(top_k=1, class_id=0).get_config()["top_k"] == 1


@pytest.mark.parametrize(("cls", "value", "plain", "weights", "weighted"), [
    (M.SensitivityAtSpecificity, 0.5, 0.5, [1, 1, 2, 2, 1], 1 / 3),
    (M.SpecificityAtSensitivity, 0.5, 2 / 3, [1, 1, 2, 2, 2], 0.5),
    (M.PrecisionAtRecall, 0.5, 0.5, [2, 2, 2, 1, 1], 1 / 3),
])
def test_rates_at_a_constraint_match_keras_documented_examples(cls, value, plain, weights, weighted) -> None:
    metric = cls(value)
    metric.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
    assert _value(metric) == pytest.approx(plain)
    metric.reset_state()
    metric.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], sample_weight=weights)
    assert _value(metric) == pytest.approx(weighted)


def test_recall_at_precision_and_an_unreachable_constraint() -> None:
    metric = M.RecallAtPrecision(0.8)
    metric.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    assert _value(metric) == 0.5
    metric.reset_state()
    metric.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9], sample_weight=[1, 0, 0, 1])
    assert _value(metric) == 1.0
    assert float(M.PrecisionAtRecall(0.5)([0, 0, 0], [0.2, 0.6, 0.9]).array) == 0.0  # no positive: recall 0
    one = M.SensitivityAtSpecificity(0.5, num_thresholds=1)
    np.testing.assert_array_equal(one.thresholds, [0.5])
    np.testing.assert_allclose(M.SensitivityAtSpecificity(0.5, num_thresholds=5).thresholds, [0, .25, .5, .75, 1])


def test_class_id_picks_one_column() -> None:
    labels = np.eye(3)[[0, 1, 2, 1, 0, 2]]
    scores = np.random.default_rng(1).uniform(0, 1, (6, 3))
    by_column = M.SensitivityAtSpecificity(0.5, num_thresholds=20, class_id=1)
    by_column.update_state(labels, scores)
    alone = M.SensitivityAtSpecificity(0.5, num_thresholds=20)
    alone.update_state(labels[:, 1], scores[:, 1])
    assert _value(by_column) == _value(alone) > 0


def test_names_compile_and_configs() -> None:
    assert isinstance(M.get("true_positives"), M.TruePositives)
    assert [M.get(n).name for n in ("false_positives", "true_negatives", "false_negatives")] == [
        "false_positives", "true_negatives", "false_negatives"]
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.set_weights([np.array([[2.0], [-1.0]], "float32"), np.zeros(1, "float32")])
    model.compile(optimizer="sgd", loss="binary_crossentropy",
                  metrics=["true_positives", M.SpecificityAtSensitivity(0.5, name="sas")])
    x = np.array([[1.0, 0.0], [-1.0, 0.0], [0.5, 2.0], [0.0, -1.0]], "float32")
    y = np.array([[1.0], [0.0], [1.0], [0.0]], "float32")
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    p = 1 / (1 + np.exp(-(x @ np.array([2.0, -1.0]))))
    assert logs["true_positives"] == pytest.approx(float(((p > 0.5) & (y[:, 0] == 1)).sum()))
    assert set(logs) == {"loss", "true_positives", "sas"}
    for metric in (M.FalseNegatives(thresholds=[0.2, 0.6], name="fn"), M.PrecisionAtRecall(0.7, 9, class_id=1),
                   M.RecallAtPrecision(0.4, num_thresholds=3), M.Recall(thresholds=0.3, top_k=2)):
        again = M.get(M.serialize(metric))
        assert type(again) is type(metric) and again.get_config() == metric.get_config()
        np.testing.assert_array_equal(again.thresholds, metric.thresholds)
    assert M.PrecisionAtRecall(0.7).get_config()["recall"] == 0.7


def test_bad_input_gives_one_clear_error() -> None:
    with pytest.raises(ConfigError, match=r"threshold values must be in \[0, 1\]"):
        M.TruePositives(thresholds=1.5)
    with pytest.raises(ConfigError, match=r"`specificity` must be in the range \[0, 1\]"):
        M.SensitivityAtSpecificity(1.2)
    with pytest.raises(ConfigError, match="num_thresholds"):
        M.RecallAtPrecision(0.5, num_thresholds=0)
    with pytest.raises(ConfigError, match="class_id"):
        M.Precision(class_id=-1)
    with pytest.raises(ShapeError, match="class_id=2 needs predictions"):
        M.SpecificityAtSensitivity(0.5, class_id=2).update_state([0, 1], [0.3, 0.6])
    with pytest.raises(ShapeError, match="do not match"):
        M.TrueNegatives().update_state([0, 1, 1], [0.3, 0.6])
    with pytest.raises(ValueError, match="unknown metric"):
        M.get("precision_at_recall")  # Keras refuses it too (it needs its recall)
