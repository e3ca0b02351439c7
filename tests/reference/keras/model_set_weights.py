# get_weights/set_weights per layer and per model in Keras's order, and predictions after them.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(92)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])

model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(3, activation="relu"), layers.Dense(1)])
print([w.shape for w in model.get_weights()])
set_seeded_weights(model)
x = rng.standard_normal((4, 2)).astype("float32")
print(np.round(model.predict(x, verbose=0), 5).tolist())
kernel, bias = model.layers[0].get_weights()
model.layers[0].set_weights([kernel * 2, bias])
print(np.round(model.predict(x, verbose=0), 5).tolist())
print(np.round(model.layers[1].get_weights()[0], 5).tolist())
