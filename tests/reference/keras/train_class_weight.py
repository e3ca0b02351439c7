# class_weight weights each sample's loss by its class.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(47)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])


def show_history(history):
    for key in history.history:
        print(key, np.round(history.history[key], 5).tolist())


def show_weights(model):
    for w in model.get_weights():
        print(np.round(w, 5).tolist())

x = rng.standard_normal((12, 3)).astype("float32")
y = rng.integers(0, 3, 12)
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(3, activation="softmax")])
set_seeded_weights(model)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.2), loss="sparse_categorical_crossentropy")
show_history(model.fit(x, y, class_weight={0: 1.0, 1: 2.0, 2: 0.5}, batch_size=4, epochs=2, shuffle=False,
                       verbose=0))
show_weights(model)
