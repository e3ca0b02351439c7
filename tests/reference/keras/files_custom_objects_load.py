# Saving a model with a custom layer and a custom loss, loading with custom_objects and registration.
import os
import tempfile

import keras
import numpy as np
from keras import layers


class Scale(layers.Layer):
    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, inputs):
        return inputs * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


@keras.saving.register_keras_serializable(package="probe")
def halved_mse(y_true, y_pred):
    return keras.ops.mean(keras.ops.square(y_true - y_pred)) / 2.0


rng = np.random.default_rng(4)
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2, name="dense"), Scale(3.0, name="scale")])
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer="adam", loss=halved_mse)
x = rng.standard_normal((4, 3)).astype("float32")
y = rng.standard_normal((4, 2)).astype("float32")
model.fit(x, y, epochs=1, verbose=0)
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "model.keras")
    model.save(path)
    try:
        keras.models.load_model(path)
        print("loaded without custom_objects")
    except Exception:
        print("unknown layer refused")
    loaded = keras.models.load_model(path, custom_objects={"Scale": Scale})
    print([layer.name for layer in loaded.layers], loaded.get_layer("scale").factor)
    print(np.allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6))
    print(round(float(loaded.evaluate(x, y, verbose=0)), 5), round(float(model.evaluate(x, y, verbose=0)), 5))
    print(keras.saving.get_registered_name(halved_mse))
    weights = os.path.join(tmp, "w.weights.h5")
    model.save_weights(weights)
    fresh = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2, name="dense"), Scale(3.0, name="scale")])
    fresh.load_weights(weights)
    print(np.allclose(fresh.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6))
