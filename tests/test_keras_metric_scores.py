"""F1Score, FBetaScore, R2Score and the loss-like metrics of the Keras face: formulas, state, bad input."""

from __future__ import annotations

import numpy as np
import pytest

import ligero.keras as keras
from ligero import losses
from ligero.errors import ConfigError, ShapeError

Y_TRUE = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]], dtype="float32")
Y_PRED = np.array([[0.7, 0.2, 0.1], [0.6, 0.3, 0.1], [0.1, 0.2, 0.7], [0.2, 0.5, 0.3], [0.1, 0.8, 0.1]],
                  dtype="float32")


def _value(metric) -> np.ndarray:
    return np.asarray(metric.result().numpy(), dtype=np.float64)


def test_f1_per_class_is_the_harmonic_mean_of_precision_and_recall() -> None:
    # argmax predictions: classes 0, 0, 2, 1, 1 -> class 0: tp 1 fp 1 fn 1; class 1: tp 1 fp 1 fn 1; class 2: tp 1
    metric = keras.metrics.F1Score()
    metric.update_state(Y_TRUE, Y_PRED)
    np.testing.assert_allclose(_value(metric), [0.5, 0.5, 1.0], atol=1e-6)
    macro = keras.metrics.F1Score(average="macro")
    macro.update_state(Y_TRUE, Y_PRED)
    np.testing.assert_allclose(_value(macro), 2 / 3, atol=1e-6)
    weighted = keras.metrics.F1Score(average="weighted")
    weighted.update_state(Y_TRUE, Y_PRED)
    np.testing.assert_allclose(_value(weighted), (2 * 0.5 + 2 * 0.5 + 1.0) / 5, atol=1e-6)
    micro = keras.metrics.F1Score(average="micro")
    micro.update_state(Y_TRUE, Y_PRED)
    np.testing.assert_allclose(_value(micro), 3 / 5, atol=1e-6)  # tp 3, fp 2, fn 2


def test_fbeta_with_a_threshold_and_batches_equals_one_pass() -> None:
    beta, threshold = 2.0, 0.25
    metric = keras.metrics.FBetaScore(beta=beta, threshold=threshold)
    metric.update_state(Y_TRUE[:2], Y_PRED[:2])
    metric.update_state(Y_TRUE[2:], Y_PRED[2:])
    predicted = Y_PRED > threshold
    tp = (predicted * Y_TRUE).sum(0)
    p, r = tp / predicted.sum(0), tp / Y_TRUE.sum(0)
    np.testing.assert_allclose(_value(metric), (1 + beta**2) * p * r / (beta**2 * p + r), atol=1e-5)
    metric.reset_state()
    metric.update_state(Y_TRUE, Y_PRED, sample_weight=np.zeros(5))
    np.testing.assert_allclose(_value(metric), 0.0)


def test_r2_is_one_for_perfect_and_zero_for_the_mean() -> None:
    y = np.random.default_rng(0).standard_normal((20, 2))
    perfect, mean = keras.metrics.R2Score(), keras.metrics.R2Score(class_aggregation=None)
    perfect.update_state(y, y)
    mean.update_state(y, np.broadcast_to(y.mean(0), y.shape))
    np.testing.assert_allclose(_value(perfect), 1.0)
    np.testing.assert_allclose(_value(mean), [0.0, 0.0], atol=1e-12)
    noisy, adjusted = keras.metrics.R2Score(), keras.metrics.R2Score(num_regressors=2)
    pred = y + 0.3
    noisy.update_state(y, pred)
    adjusted.update_state(y, pred)
    n = y.size
    np.testing.assert_allclose(_value(adjusted), 1 - (1 - _value(noisy)) * (n - 1) / (n - 2 - 1))


def test_loss_like_metrics_average_the_losses() -> None:
    rng = np.random.default_rng(1)
    t, p = rng.standard_normal((6, 3)).astype("float32"), rng.standard_normal((6, 3)).astype("float32")
    logcosh = keras.metrics.LogCoshError()
    logcosh.update_state(t, p)
    np.testing.assert_allclose(_value(logcosh), losses.log_cosh(t, p).array.mean(), rtol=1e-6)
    cosine = keras.metrics.CosineSimilarity()
    cosine.update_state(t, t * 3.0)
    np.testing.assert_allclose(_value(cosine), 1.0, rtol=1e-6)
    assert logcosh.name == "logcosh" and keras.metrics.get("f1_score").name == "f1_score"
    bce = keras.metrics.BinaryCrossentropy(from_logits=True)
    assert bce.get_config()["from_logits"] is True


def test_configs_rebuild_the_metrics() -> None:
    for metric in (keras.metrics.FBetaScore(average="macro", beta=0.5, threshold=0.4),
                   keras.metrics.F1Score(average="weighted"), keras.metrics.R2Score(class_aggregation=None)):
        again = keras.metrics.get(keras.metrics.serialize(metric))
        assert type(again) is type(metric) and again.get_config() == metric.get_config()


def test_bad_input_gives_one_clear_error() -> None:
    with pytest.raises(ConfigError, match="average"):
        keras.metrics.F1Score(average="samples")
    with pytest.raises(ConfigError, match="threshold"):
        keras.metrics.F1Score(threshold=1.5)
    with pytest.raises(ConfigError, match="class_aggregation"):
        keras.metrics.R2Score(class_aggregation="mean")
    with pytest.raises(ShapeError, match=r"F1Score 'f1_score' expects .* \(batch_size, outputs\)"):
        keras.metrics.F1Score().update_state(np.zeros(4), np.zeros(4))
    metric = keras.metrics.R2Score()
    metric.update_state(np.zeros((2, 3)), np.zeros((2, 3)))
    with pytest.raises(ShapeError, match="counted 3 outputs so far, got 2"):
        metric.update_state(np.zeros((2, 2)), np.zeros((2, 2)))
