# A custom loss function fn(y_true, y_pred) in compile: targets first, averaged over the batch.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(55)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])


def show_history(history):
    for key in history.history:
        print(key, np.round(history.history[key], 5).tolist())


def show_weights(model):
    for w in model.get_weights():
        print(np.round(w, 5).tolist())

def weighted_abs(y_true, y_pred):
    return keras.ops.mean(keras.ops.abs(y_pred - y_true) * (1.0 + y_true ** 2), axis=-1)


x = rng.standard_normal((8, 3)).astype("float32")
y = rng.standard_normal((8, 2)).astype("float32")
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2)])
set_seeded_weights(model)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss=weighted_abs)
show_history(model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0))
show_weights(model)
