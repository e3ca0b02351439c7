# A Sequential MLP saved as .keras and loaded back predicts exactly what it predicted before.
import os
import tempfile

import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(0)
model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(6, activation="relu"),
                          layers.Dropout(0.3), layers.Dense(3, activation="softmax")])
model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
x = rng.standard_normal((5, 4)).astype("float32")
path = os.path.join(tempfile.mkdtemp(), "mlp.keras")
model.save(path)
loaded = keras.models.load_model(path)
print("layers", [type(layer).__name__ for layer in loaded.layers])
print("shapes", [list(w.shape) for w in loaded.get_weights()])
print("pred", np.round(loaded.predict(x, verbose=0), 5).tolist())
print("same", bool(np.allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0))))
