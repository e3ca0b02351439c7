# A Sequential model nested as a layer of a functional model: layers, weight paths ('base/dense/kernel'),
# saved as .keras and loaded back with the nested model kept.
import os
import tempfile

import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(2)
base = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="relu")], name="base")
inputs = keras.Input((4,))
out = layers.Dense(1)(base(inputs, training=False))
model = keras.Model(inputs, out)
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
print([l.name for l in model.layers], [w.path for w in model.weights])
path = os.path.join(tempfile.mkdtemp(), "nested.keras")
model.save(path)
back = keras.models.load_model(path)
x = rng.standard_normal((3, 4)).astype("float32")
print([l.name for l in back.layers], np.allclose(back.predict(x, verbose=0), model.predict(x, verbose=0)))
print(type(back.get_layer("base")).__name__)
