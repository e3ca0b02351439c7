# categorical_crossentropy on one-hot targets with 'acc' and top-k accuracy metrics.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(42)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])


def show_history(history):
    for key in history.history:
        print(key, np.round(history.history[key], 5).tolist())


def show_weights(model):
    for w in model.get_weights():
        print(np.round(w, 5).tolist())

x = rng.standard_normal((12, 4)).astype("float32")
y = keras.utils.to_categorical(rng.integers(0, 4, 12), 4)
model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(4, activation="softmax")])
set_seeded_weights(model)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.3), loss="categorical_crossentropy",
              metrics=["acc", keras.metrics.TopKCategoricalAccuracy(k=2)])
show_history(model.fit(x, y, batch_size=6, epochs=2, shuffle=False, verbose=0))
print(np.round(model.evaluate(x, y, verbose=0), 5).tolist())
