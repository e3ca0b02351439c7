# SparseCategoricalCrossentropy with labels of shape (N,) and (N, 1), from probabilities and logits.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(6)
labels = rng.integers(0, 3, 6)
logits = rng.standard_normal((6, 3)).astype("float32")
probs = (np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)).astype("float32")
loss = keras.losses.SparseCategoricalCrossentropy()
print(loss.name)
show(loss(labels, probs))
show(loss(labels.reshape(-1, 1), probs))
show(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits))
show(keras.losses.SparseCategoricalCrossentropy(reduction=None)(labels, probs))
show(keras.losses.sparse_categorical_crossentropy(labels, probs))
