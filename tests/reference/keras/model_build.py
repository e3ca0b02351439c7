# model.build((None, n)) creates the weights of a Sequential model without an Input.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(97)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])

model = keras.Sequential([layers.Dense(5, activation="relu"), layers.Dense(2)])
print(model.built, len(model.weights))
model.build((None, 3))
print(model.built, [tuple(w.shape) for w in model.weights])
print(model.output_shape)
set_seeded_weights(model)
print(np.round(model.predict(rng.standard_normal((2, 3)).astype("float32"), verbose=0), 5).tolist())
