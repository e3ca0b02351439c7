# F1Score and FBetaScore for every average, with the argmax rule (threshold=None) and a threshold, accumulated
# over two batches and with sample weights; their names and configs.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(31)
labels = rng.integers(0, 4, 12)
y_true = np.eye(4, dtype="float32")[labels]
y_true[0, 1] = 1.0  # one sample with two labels
y_pred = rng.uniform(0.0, 1.0, (12, 4)).astype("float32")
weights = rng.uniform(0.0, 2.0, 12).astype("float32")
for average in (None, "micro", "macro", "weighted"):
    for metric in (keras.metrics.F1Score(average=average), keras.metrics.F1Score(average=average, threshold=0.6),
                   keras.metrics.FBetaScore(average=average, beta=2.0),
                   keras.metrics.FBetaScore(average=average, beta=0.5, threshold=0.3)):
        metric.update_state(y_true[:5], y_pred[:5])
        metric.update_state(y_true[5:], y_pred[5:])
        print(metric.name, average)
        show(metric.result())
        metric.reset_state()
        metric.update_state(y_true, y_pred, sample_weight=weights)
        show(metric.result())
print(keras.metrics.F1Score(average="macro", threshold=0.5).get_config())
print(keras.metrics.FBetaScore(beta=2.0).get_config())
