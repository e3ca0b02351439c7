# Conv1D over (steps, channels) with padding same and stride 2, and valid.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(7)


def run(layer, x):
    """Predict with a one-layer functional model whose weights come from the generator."""
    inputs = keras.Input(shape=x.shape[1:])
    model = keras.Model(inputs, layer(inputs))
    model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
    y = model.predict(x, verbose=0)
    print(list(y.shape), [list(w.shape) for w in model.get_weights()])
    print(np.round(y, 6).tolist())


x = rng.standard_normal((2, 9, 3)).astype("float32")
run(layers.Conv1D(4, 3, strides=2, padding="same"), x)
run(layers.Conv1D(2, 4), x)
