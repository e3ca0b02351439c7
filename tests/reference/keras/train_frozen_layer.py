# A frozen layer (trainable=False) keeps its weights through fit; the others train.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(56)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])


def show_history(history):
    for key in history.history:
        print(key, np.round(history.history[key], 5).tolist())


def show_weights(model):
    for w in model.get_weights():
        print(np.round(w, 5).tolist())

x = rng.standard_normal((8, 3)).astype("float32")
y = rng.standard_normal((8, 1)).astype("float32")
first = layers.Dense(4, activation="tanh")
model = keras.Sequential([keras.Input(shape=(3,)), first, layers.Dense(1)])
set_seeded_weights(model)
before = model.get_weights()
first.trainable = False
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
print(len(model.trainable_weights), len(model.non_trainable_weights))
model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
print([bool(np.array_equal(a, b)) for a, b in zip(before, model.get_weights())])
show_weights(model)
