# fit and evaluate on a keras.utils.PyDataset of batches with sample weights.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(51)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])


def show_history(history):
    for key in history.history:
        print(key, np.round(history.history[key], 5).tolist())


def show_weights(model):
    for w in model.get_weights():
        print(np.round(w, 5).tolist())

x = rng.standard_normal((9, 2)).astype("float32")
y = rng.standard_normal((9, 1)).astype("float32")
w = rng.uniform(0.5, 1.5, 9).astype("float32")


class Batches(keras.utils.PyDataset):
    def __len__(self):
        return 3

    def __getitem__(self, i):
        return x[3 * i:3 * i + 3], y[3 * i:3 * i + 3], w[3 * i:3 * i + 3]


model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(1)])
set_seeded_weights(model)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
show_history(model.fit(Batches(), epochs=2, shuffle=False, verbose=0))
print(round(float(model.evaluate(Batches(), verbose=0)), 5))
