# BinaryFocalCrossentropy with the default gamma, another gamma, and class balancing.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(9)
y_true = rng.integers(0, 2, (6, 2)).astype("float32")
probs = rng.uniform(0.05, 0.95, (6, 2)).astype("float32")
print(keras.losses.BinaryFocalCrossentropy().name)
show(keras.losses.BinaryFocalCrossentropy()(y_true, probs))
show(keras.losses.BinaryFocalCrossentropy(gamma=1.0)(y_true, probs))
show(keras.losses.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=0.3)(y_true, probs))
