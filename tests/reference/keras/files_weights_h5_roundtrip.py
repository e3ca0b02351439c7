# save_weights to a .weights.h5 file and load_weights into a second model of the same architecture.
import os
import tempfile

import keras
import numpy as np
from keras import layers


def build():
    return keras.Sequential([keras.Input(shape=(5,)), layers.Dense(4, activation="relu"), layers.Dense(2)])


rng = np.random.default_rng(2)
source = build()
source.set_weights([rng.standard_normal(w.shape).astype("float32") for w in source.get_weights()])
path = os.path.join(tempfile.mkdtemp(), "net.weights.h5")
source.save_weights(path)
target = build()
target.load_weights(path)
x = rng.standard_normal((3, 5)).astype("float32")
print("pred", np.round(target.predict(x, verbose=0), 5).tolist())
print("equal weights", all(np.array_equal(a, b) for a, b in zip(source.get_weights(), target.get_weights())))
