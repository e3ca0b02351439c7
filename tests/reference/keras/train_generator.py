# fit on a generator of (x, y) batches with steps_per_epoch, evaluate on a list of batches.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(50)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])


def show_history(history):
    for key in history.history:
        print(key, np.round(history.history[key], 5).tolist())


def show_weights(model):
    for w in model.get_weights():
        print(np.round(w, 5).tolist())

x = rng.standard_normal((12, 2)).astype("float32")
y = rng.standard_normal((12, 1)).astype("float32")


def batches():
    while True:
        for lo in range(0, 12, 4):
            yield x[lo:lo + 4], y[lo:lo + 4]


model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(1)])
set_seeded_weights(model)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
show_history(model.fit(batches(), steps_per_epoch=3, epochs=2, verbose=0))
show_weights(model)
