# A custom layer registered with register_keras_serializable is rebuilt from a .keras file with its config.
import os
import tempfile

import keras
import numpy as np
from keras import layers


@keras.saving.register_keras_serializable(package="demo", name="Scale")
class Scale(layers.Layer):
    def __init__(self, factor=1.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return x * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


rng = np.random.default_rng(6)
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2), Scale(2.5)])
model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
path = os.path.join(tempfile.mkdtemp(), "custom.keras")
model.save(path)
print("registered", "demo>Scale" in keras.saving.get_custom_objects())
loaded = keras.models.load_model(path)
print("last layer", type(loaded.layers[-1]).__name__, loaded.layers[-1].factor)
x = rng.standard_normal((2, 3)).astype("float32")
print("pred", np.round(loaded.predict(x, verbose=0), 5).tolist())
