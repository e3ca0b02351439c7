# Accuracy, BinaryAccuracy (two thresholds), Categorical- and SparseCategoricalAccuracy over two updates.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(20)
labels = rng.integers(0, 3, 8)
probs = rng.uniform(0.0, 1.0, (8, 3)).astype("float32")
onehot = np.eye(3, dtype="float32")[labels]
for metric, a, b in [(keras.metrics.CategoricalAccuracy(), onehot, probs),
                     (keras.metrics.SparseCategoricalAccuracy(), labels, probs),
                     (keras.metrics.BinaryAccuracy(), onehot, probs),
                     (keras.metrics.BinaryAccuracy(threshold=0.3), onehot, probs),
                     (keras.metrics.Accuracy(), labels, np.argmax(probs, axis=1))]:
    metric.update_state(a[:4], b[:4])
    show(metric.result())
    metric.update_state(a[4:], b[4:])
    print(metric.name)
    show(metric.result())
    metric.reset_state()
    show(metric.result())
