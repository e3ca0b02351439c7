# A functional model with two inputs and two outputs: shapes, layers, predictions as a list.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(93)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])

left = keras.Input(shape=(3,), name="left")
right = keras.Input(shape=(2,), name="right")
joined = layers.Concatenate()([layers.Dense(4, activation="tanh")(left), right])
out_a = layers.Dense(1, name="out_a")(joined)
out_b = layers.Dense(2, activation="softmax", name="out_b")(joined)
model = keras.Model(inputs=[left, right], outputs=[out_a, out_b])
set_seeded_weights(model)
print([type(layer).__name__ for layer in model.layers])
print([layer.name for layer in model.layers if layer.name.startswith("out")])
print(len(model.inputs), len(model.outputs))
a, b = model.predict([rng.standard_normal((3, 3)).astype("float32"),
                      rng.standard_normal((3, 2)).astype("float32")], verbose=0)
print(a.shape, b.shape)
print(np.round(a, 5).tolist(), np.round(b, 5).tolist())
