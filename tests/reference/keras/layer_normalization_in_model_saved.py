# Preprocessing inside the model: Rescaling, Normalization.adapt, then Dense; saved and reloaded.
import os
import tempfile

import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(17)
data = rng.uniform(0, 255, (20, 3)).astype("float32")
norm = layers.Normalization(axis=-1)
norm.adapt(data)
print(np.round(norm.mean, 3).tolist() if hasattr(norm, "mean") else None)
inputs = keras.Input(shape=(3,))
h = norm(inputs)
h = layers.Dense(2, activation="relu", kernel_initializer="ones", bias_initializer="zeros")(h)
outputs = layers.Rescaling(scale=0.5, offset=1.0)(h)
model = keras.Model(inputs, outputs)
print(np.round(model.predict(data[:3], verbose=0), 4).tolist())
print(len(model.weights), len(model.trainable_weights), len(model.non_trainable_weights))
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "pre.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    print(np.round(loaded.predict(data[:3], verbose=0), 4).tolist())
    print([type(layer).__name__ for layer in loaded.layers])
