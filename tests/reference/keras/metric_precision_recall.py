# Precision and Recall at the default threshold, at another one, and at a list of thresholds.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(23)
y_true = rng.integers(0, 2, (12, 1)).astype("float32")
y_pred = rng.uniform(0.0, 1.0, (12, 1)).astype("float32")
for metric in [keras.metrics.Precision(), keras.metrics.Recall(), keras.metrics.Precision(thresholds=0.3),
               keras.metrics.Recall(thresholds=0.7)]:
    metric.update_state(y_true[:6], y_pred[:6])
    metric.update_state(y_true[6:], y_pred[6:])
    print(metric.name)
    show(metric.result())
many = keras.metrics.Precision(thresholds=[0.25, 0.5, 0.75])
many.update_state(y_true, y_pred)
show(many.result())
weighted = keras.metrics.Recall()
weighted.update_state(y_true, y_pred, sample_weight=np.linspace(0.5, 2.0, 12).astype("float32"))
show(weighted.result())
