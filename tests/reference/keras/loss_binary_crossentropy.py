# BinaryCrossentropy on probabilities and on logits, with label smoothing and sample weights.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(4)
y_true = rng.integers(0, 2, (6, 1)).astype("float32")
logits = (2.0 * rng.standard_normal((6, 1))).astype("float32")
probs = (1.0 / (1.0 + np.exp(-logits))).astype("float32")
print(keras.losses.BinaryCrossentropy().name)
show(keras.losses.BinaryCrossentropy()(y_true, probs))
show(keras.losses.BinaryCrossentropy(from_logits=True)(y_true, logits))
show(keras.losses.BinaryCrossentropy(label_smoothing=0.1)(y_true, probs))
show(keras.losses.BinaryCrossentropy()(y_true, probs, sample_weight=np.arange(6, dtype="float32")))
show(keras.losses.binary_crossentropy(y_true, probs))
