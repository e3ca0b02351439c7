# evaluate returns a list or (return_dict) a dict; predict with a batch size returns NumPy.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(53)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])


def show_history(history):
    for key in history.history:
        print(key, np.round(history.history[key], 5).tolist())


def show_weights(model):
    for w in model.get_weights():
        print(np.round(w, 5).tolist())

x = rng.standard_normal((7, 3)).astype("float32")
y = rng.integers(0, 2, (7, 1)).astype("float32")
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1, activation="sigmoid")])
set_seeded_weights(model)
model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy", "mse"])
print(np.round(model.evaluate(x, y, batch_size=3, verbose=0), 5).tolist())
result = model.evaluate(x, y, verbose=0, return_dict=True)
print(sorted(result), [round(float(result[k]), 5) for k in sorted(result)])
pred = model.predict(x, batch_size=2, verbose=0)
print(type(pred).__name__, pred.shape, str(pred.dtype))
print(np.round(pred, 5).tolist())
