# fit with SGD on a regression: History keys and values (mse loss, mae metric) and the final weights.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(40)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])


def show_history(history):
    for key in history.history:
        print(key, np.round(history.history[key], 5).tolist())


def show_weights(model):
    for w in model.get_weights():
        print(np.round(w, 5).tolist())

x = rng.standard_normal((12, 4)).astype("float32")
y = rng.standard_normal((12, 2)).astype("float32")
model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3, activation="tanh"), layers.Dense(2)])
set_seeded_weights(model)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse", metrics=["mae"])
history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
show_history(history)
print(history.epoch)
show_weights(model)
