# A softmax classifier trained with sparse_categorical_crossentropy and 'accuracy' on integer labels.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(41)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])


def show_history(history):
    for key in history.history:
        print(key, np.round(history.history[key], 5).tolist())


def show_weights(model):
    for w in model.get_weights():
        print(np.round(w, 5).tolist())

x = rng.standard_normal((15, 3)).astype("float32")
y = rng.integers(0, 3, 15)
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(5, activation="relu"),
                          layers.Dense(3, activation="softmax")])
set_seeded_weights(model)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.2), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
show_history(model.fit(x, y, batch_size=5, epochs=3, shuffle=False, verbose=0))
print(np.round(model.evaluate(x, y, verbose=0), 5).tolist())
show_weights(model)
