# train_on_batch, test_on_batch and predict_on_batch, with and without return_dict.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(52)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])


def show_history(history):
    for key in history.history:
        print(key, np.round(history.history[key], 5).tolist())


def show_weights(model):
    for w in model.get_weights():
        print(np.round(w, 5).tolist())

x = rng.standard_normal((5, 3)).astype("float32")
y = rng.standard_normal((5, 2)).astype("float32")
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2)])
set_seeded_weights(model)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse", metrics=["mae"])
print(np.round(model.train_on_batch(x, y), 5).tolist())
print({k: round(float(v), 5) for k, v in model.train_on_batch(x, y, return_dict=True).items()})
print(np.round(model.test_on_batch(x, y), 5).tolist())
print(np.round(model.predict_on_batch(x), 5).tolist())
