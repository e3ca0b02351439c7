# A functional model with named layers keeps its names, input shape and predictions through a .keras file.
import os
import tempfile

import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(1)
inputs = keras.Input(shape=(3,), name="features")
hidden = layers.Dense(4, activation="tanh", name="hidden")(inputs)
outputs = layers.Dense(2, activation="sigmoid", name="score")(layers.Activation("relu")(hidden))
model = keras.Model(inputs, outputs, name="scorer")
model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
path = os.path.join(tempfile.mkdtemp(), "scorer.keras")
model.save(path)
loaded = keras.models.load_model(path)
print("name", loaded.name)
print("layer names", [layer.name for layer in loaded.layers])
x = rng.standard_normal((4, 3)).astype("float32")
print("pred", np.round(loaded.predict(x, verbose=0), 5).tolist())
