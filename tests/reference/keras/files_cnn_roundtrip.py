# A small CNN (Conv2D, MaxPooling2D, BatchNormalization, Flatten, Dense) predicts the same after a .keras round trip.
import os
import tempfile

import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(5)
model = keras.Sequential([
    keras.Input(shape=(8, 8, 2)),
    layers.Conv2D(3, 3, activation="relu"),
    layers.MaxPooling2D(2),
    layers.BatchNormalization(),
    layers.Flatten(),
    layers.Dense(2, activation="softmax"),
])
# moving variances must be positive: every weight is drawn in [0.5, 1.5), the dense ones scaled down
weights = [rng.uniform(0.5, 1.5, w.shape).astype("float32") for w in model.get_weights()]
weights[-2] = (weights[-2] - 1.0) * 0.2
model.set_weights(weights)
path = os.path.join(tempfile.mkdtemp(), "cnn.keras")
model.save(path)
loaded = keras.models.load_model(path)
print("shapes", [list(w.shape) for w in loaded.get_weights()])
x = rng.standard_normal((2, 8, 8, 2)).astype("float32")
print("pred", np.round(loaded.predict(x, verbose=0), 5).tolist())
