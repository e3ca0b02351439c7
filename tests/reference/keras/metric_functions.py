# The metric functions give one value per sample, targets first.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(27)
labels = rng.integers(0, 4, 6)
scores = rng.standard_normal((6, 4)).astype("float32")
onehot = np.eye(4, dtype="float32")[labels]
show(keras.metrics.categorical_accuracy(onehot, scores))
show(keras.metrics.sparse_categorical_accuracy(labels, scores))
show(keras.metrics.binary_accuracy(onehot, scores, threshold=0.0))
show(keras.metrics.top_k_categorical_accuracy(onehot, scores, k=2))
show(keras.metrics.sparse_top_k_categorical_accuracy(labels, scores, k=2))
show(keras.metrics.mean_squared_error(onehot, scores))
show(keras.metrics.mean_absolute_error(onehot, scores))
