# MeanSquaredError, MeanAbsoluteError and RootMeanSquaredError metrics accumulated over batches, with sample weights.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(22)
y_true = rng.standard_normal((9, 2)).astype("float32")
y_pred = rng.standard_normal((9, 2)).astype("float32")
weights = rng.uniform(0.0, 1.0, 9).astype("float32")
for metric in [keras.metrics.MeanSquaredError(), keras.metrics.MeanAbsoluteError(),
               keras.metrics.RootMeanSquaredError()]:
    for lo in range(0, 9, 4):
        metric.update_state(y_true[lo:lo + 4], y_pred[lo:lo + 4])
    print(metric.name)
    show(metric.result())
    metric.reset_state()
    metric.update_state(y_true, y_pred, sample_weight=weights)
    show(metric.result())
