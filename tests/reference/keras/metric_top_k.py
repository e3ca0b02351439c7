# TopKCategoricalAccuracy and SparseTopKCategoricalAccuracy for k = 1, 2, 5, with sample weights.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(21)
labels = rng.integers(0, 6, 10)
scores = rng.standard_normal((10, 6)).astype("float32")
onehot = np.eye(6, dtype="float32")[labels]
weights = rng.uniform(0.0, 2.0, 10).astype("float32")
for k in (1, 2, 5):
    dense = keras.metrics.TopKCategoricalAccuracy(k=k)
    sparse = keras.metrics.SparseTopKCategoricalAccuracy(k=k)
    dense.update_state(onehot, scores)
    sparse.update_state(labels, scores, sample_weight=weights)
    print(dense.name, sparse.name)
    show(dense.result())
    show(sparse.result())
