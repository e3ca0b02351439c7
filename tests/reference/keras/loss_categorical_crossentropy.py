# CategoricalCrossentropy on one-hot rows: probabilities, logits, label smoothing, reductions.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(5)
labels = rng.integers(0, 4, 5)
y_true = np.eye(4, dtype="float32")[labels]
logits = rng.standard_normal((5, 4)).astype("float32")
probs = (np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)).astype("float32")
loss = keras.losses.CategoricalCrossentropy()
print(loss.name)
show(loss(y_true, probs))
show(keras.losses.CategoricalCrossentropy(from_logits=True)(y_true, logits))
show(keras.losses.CategoricalCrossentropy(label_smoothing=0.2)(y_true, probs))
show(keras.losses.CategoricalCrossentropy(reduction="sum")(y_true, probs))
show(keras.losses.categorical_crossentropy(y_true, probs))
