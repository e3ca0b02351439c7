# A functional model with two named outputs: losses and loss_weights as lists, metrics per output, log keys.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(48)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])


def show_history(history):
    for key in history.history:
        print(key, np.round(history.history[key], 5).tolist())


def show_weights(model):
    for w in model.get_weights():
        print(np.round(w, 5).tolist())

inputs = keras.Input(shape=(3,), name="features")
hidden = layers.Dense(4, activation="tanh", name="hidden")(inputs)
value = layers.Dense(1, name="value")(hidden)
kind = layers.Dense(2, activation="softmax", name="kind")(hidden)
model = keras.Model(inputs, [value, kind])
set_seeded_weights(model)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss=["mse", "sparse_categorical_crossentropy"],
              loss_weights=[1.0, 0.5], metrics=[["mae"], ["accuracy"]])
x = rng.standard_normal((8, 3)).astype("float32")
y1 = rng.standard_normal((8, 1)).astype("float32")
y2 = rng.integers(0, 2, 8)
show_history(model.fit(x, [y1, y2], batch_size=4, epochs=2, shuffle=False, verbose=0))
print(np.round(model.evaluate(x, [y1, y2], verbose=0), 5).tolist())
print([np.round(p, 5).tolist() for p in model.predict(x[:2], verbose=0)])
