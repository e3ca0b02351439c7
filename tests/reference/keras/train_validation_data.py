# validation_data with sample weights (three items) and validation_freq=2.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(45)


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
xv = rng.standard_normal((6, 2)).astype("float32")
yv = rng.standard_normal((6, 1)).astype("float32")
wv = rng.uniform(0.0, 2.0, 6).astype("float32")
model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(1)])
set_seeded_weights(model)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mae")
history = model.fit(x, y, batch_size=6, epochs=4, validation_data=(xv, yv, wv), validation_freq=2,
                    shuffle=False, verbose=0)
show_history(history)
