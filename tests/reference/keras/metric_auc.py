# AUC of the ROC and PR curves with 200 and 11 thresholds, and the minoring/majoring sums.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(24)
y_true = rng.integers(0, 2, 40).astype("float32")
y_pred = np.clip(0.35 * y_true + rng.uniform(0.0, 0.65, 40), 0.0, 1.0).astype("float32")
for metric in [keras.metrics.AUC(), keras.metrics.AUC(curve="PR"), keras.metrics.AUC(num_thresholds=11),
               keras.metrics.AUC(num_thresholds=11, summation_method="minoring"),
               keras.metrics.AUC(num_thresholds=11, summation_method="majoring"),
               keras.metrics.AUC(num_thresholds=11, curve="PR")]:
    metric.update_state(y_true[:20], y_pred[:20])
    metric.update_state(y_true[20:], y_pred[20:])
    print(metric.name)
    show(metric.result())
