# Two outputs with losses and targets given as dicts by output name.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(49)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])


def show_history(history):
    for key in history.history:
        print(key, np.round(history.history[key], 5).tolist())


def show_weights(model):
    for w in model.get_weights():
        print(np.round(w, 5).tolist())

inputs = keras.Input(shape=(2,))
a = layers.Dense(1, name="a")(inputs)
b = layers.Dense(1, name="b")(inputs)
model = keras.Model(inputs, [a, b])
set_seeded_weights(model)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss={"a": "mse", "b": "mae"},
              loss_weights={"a": 2.0, "b": 1.0})
x = rng.standard_normal((6, 2)).astype("float32")
ya = rng.standard_normal((6, 1)).astype("float32")
yb = rng.standard_normal((6, 1)).astype("float32")
show_history(model.fit(x, {"a": ya, "b": yb}, batch_size=3, epochs=2, shuffle=False, verbose=0))
show_weights(model)
