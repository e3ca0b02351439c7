# Data in the other image layout, and a loss that does not fit the output, are refused before training.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(0)
x_first = rng.standard_normal((4, 3, 8, 8)).astype("float32")
labels = np.array([0, 1, 2, 1])
cases = {
    "channels_last model, channels_first data": (
        [keras.Input(shape=(8, 8, 3)), layers.Conv2D(2, 3), layers.Flatten(), layers.Dense(3, activation="softmax")],
        "sparse_categorical_crossentropy", x_first, labels),
    "channels_first model, channels_last data": (
        [keras.Input(shape=(3, 8, 8)), layers.Conv2D(2, 3, data_format="channels_first"), layers.Flatten(),
         layers.Dense(3, activation="softmax")],
        "sparse_categorical_crossentropy", x_first.transpose(0, 2, 3, 1), labels),
    "sparse cross-entropy on one unit": (
        [keras.Input(shape=(5,)), layers.Dense(1, activation="sigmoid")],
        "sparse_categorical_crossentropy", np.ones((4, 5), "float32"), np.array([0, 1, 1, 0])),
    "categorical cross-entropy, labels (N, 1)": (
        [keras.Input(shape=(5,)), layers.Dense(3, activation="softmax")],
        "categorical_crossentropy", np.ones((4, 5), "float32"), labels[:, None]),
    "binary cross-entropy, softmax, integer labels": (
        [keras.Input(shape=(5,)), layers.Dense(3, activation="softmax")],
        "binary_crossentropy", np.ones((4, 5), "float32"), labels),
}
for what, (stack, loss, x, y) in cases.items():
    model = keras.Sequential(stack)
    model.compile(optimizer="sgd", loss=loss)
    try:
        model.fit(x, y, epochs=1, verbose=0)
        print(what, "trained")
    except Exception:  # Keras raises ValueError or IndexError here; ligero a ShapeError (a ValueError)
        print(what, "refused")
