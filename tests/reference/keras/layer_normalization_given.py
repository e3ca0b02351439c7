# Normalization with a given mean and variance per feature of the last axis.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(28)


def run(layer, x):
    """Predict with a one-layer functional model whose weights come from the generator."""
    inputs = keras.Input(shape=x.shape[1:])
    model = keras.Model(inputs, layer(inputs))
    model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
    y = model.predict(x, verbose=0)
    print(list(y.shape), [list(w.shape) for w in model.get_weights()])
    print(np.round(y, 6).tolist())


x = rng.standard_normal((3, 4)).astype("float32")
run(layers.Normalization(mean=[0.5, -1.0, 2.0, 0.0], variance=[4.0, 1.0, 0.25, 9.0]), x)
run(layers.Normalization(mean=1.0, variance=2.0, invert=True), x)
