# CSVLogger writes one row per epoch (epoch, then the log keys) and appends when asked.
import os
import tempfile

import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(76)
x = rng.standard_normal((8, 3)).astype("float32")
y = rng.standard_normal((8, 1)).astype("float32")


def make_model():
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)])
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    return model


folder = tempfile.mkdtemp()
path = os.path.join(folder, "log.csv")
model = make_model()
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse", metrics=["mae"])
model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0, callbacks=[keras.callbacks.CSVLogger(path)])
model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0,
          callbacks=[keras.callbacks.CSVLogger(path, separator=";", append=True)])
with open(path) as f:
    for line in f.read().splitlines():
        print(line)
