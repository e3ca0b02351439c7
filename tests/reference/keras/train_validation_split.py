# validation_split holds out the last samples; val_ keys follow the training keys.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(44)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])


def show_history(history):
    for key in history.history:
        print(key, np.round(history.history[key], 5).tolist())


def show_weights(model):
    for w in model.get_weights():
        print(np.round(w, 5).tolist())

x = rng.standard_normal((20, 3)).astype("float32")
y = rng.standard_normal((20, 1)).astype("float32")
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)])
set_seeded_weights(model)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse", metrics=["mae"])
history = model.fit(x, y, batch_size=4, epochs=3, validation_split=0.25, shuffle=False, verbose=0)
show_history(history)
print(history.params)
