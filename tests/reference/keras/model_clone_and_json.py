# to_json/model_from_json and clone_model rebuild the architecture with new weights.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(100)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])

model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(4, activation="relu", name="hidden"),
                          layers.Dense(2, name="scores")])
set_seeded_weights(model)
x = rng.standard_normal((2, 3)).astype("float32")
again = keras.models.model_from_json(model.to_json())
print([layer.name for layer in again.layers], [tuple(w.shape) for w in again.weights])
again.set_weights(model.get_weights())
print(bool(np.allclose(again.predict(x, verbose=0), model.predict(x, verbose=0))))
clone = keras.models.clone_model(model)
print([type(layer).__name__ for layer in clone.layers], clone.count_params())
clone.set_weights(model.get_weights())
print(bool(np.allclose(clone.predict(x, verbose=0), model.predict(x, verbose=0))))
config = model.get_config()
rebuilt = keras.Sequential.from_config(config)
print(len(rebuilt.layers), rebuilt.count_params())
