# sample_weight in fit and evaluate weights the loss; weighted_metrics see it, metrics do not.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(46)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])


def show_history(history):
    for key in history.history:
        print(key, np.round(history.history[key], 5).tolist())


def show_weights(model):
    for w in model.get_weights():
        print(np.round(w, 5).tolist())

x = rng.standard_normal((10, 3)).astype("float32")
y = rng.standard_normal((10, 1)).astype("float32")
w = rng.uniform(0.0, 3.0, 10).astype("float32")
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)])
set_seeded_weights(model)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse", metrics=["mae"],
              weighted_metrics=["mse"])
show_history(model.fit(x, y, sample_weight=w, batch_size=5, epochs=2, shuffle=False, verbose=0))
print(np.round(model.evaluate(x, y, sample_weight=w, verbose=0), 5).tolist())
print(np.round(model.evaluate(x, y, verbose=0), 5).tolist())
