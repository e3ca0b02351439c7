# A misspelt name (activation, loss, metric, optimizer, initializer, regularizer) raises a ValueError.
import keras
import numpy as np
from keras import layers

x, y = np.ones((4, 3), dtype="float32"), np.array([0, 1, 2, 0])
attempts = {
    "activation": lambda: layers.Dense(3, activation="rleu"),
    "layer activation": lambda: layers.Activation("sigmoide"),
    "initializer": lambda: layers.Dense(3, kernel_initializer="glorot_unifrom"),
    "regularizer": lambda: layers.Dense(3, kernel_regularizer="l3"),
    "loss": lambda: keras.losses.get("sparse_categorical_crossentrpy"),
    "optimizer": lambda: keras.optimizers.get("adm"),
    "metric": lambda: keras.metrics.get("acuracy"),
}
for what, attempt in attempts.items():
    try:
        attempt()
        print(what, "accepted")
    except ValueError:
        print(what, "ValueError")
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(3, activation="softmax")])
model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
print(round(float(model.evaluate(x, y, verbose=0)[1]), 4) >= 0)
