# MeanMetricWrapper around a function fn(y_true, y_pred) and around a built-in metric function.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(26)
def largest_error(y_true, y_pred):
    return keras.ops.max(keras.ops.abs(y_true - y_pred), axis=-1)


y_true = rng.standard_normal((6, 3)).astype("float32")
y_pred = rng.standard_normal((6, 3)).astype("float32")
metric = keras.metrics.MeanMetricWrapper(largest_error, name="largest_error")
metric.update_state(y_true[:2], y_pred[:2])
metric.update_state(y_true[2:], y_pred[2:], sample_weight=np.array([1.0, 0.0, 2.0, 1.0], dtype="float32"))
print(metric.name)
show(metric.result())
binary = keras.metrics.MeanMetricWrapper(keras.metrics.binary_accuracy, name="ba", threshold=0.0)
binary.update_state((y_true > 0).astype("float32"), y_pred)
print(binary.name)
show(binary.result())
