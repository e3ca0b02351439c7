# Lambda, Identity and Activation layers inside a model.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(99)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])

model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(3), layers.Activation("tanh"), layers.Identity(),
                          layers.Lambda(lambda t: t * 2.0 + 1.0), layers.Dense(1)])
set_seeded_weights(model)
x = rng.standard_normal((3, 3)).astype("float32")
print([type(layer).__name__ for layer in model.layers])
print(np.round(model.predict(x, verbose=0), 5).tolist())
