# Conv1D with causal padding and dilation 2 keeps the sequence length.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(8)


def run(layer, x):
    """Predict with a one-layer functional model whose weights come from the generator."""
    inputs = keras.Input(shape=x.shape[1:])
    model = keras.Model(inputs, layer(inputs))
    model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
    y = model.predict(x, verbose=0)
    print(list(y.shape), [list(w.shape) for w in model.get_weights()])
    print(np.round(y, 6).tolist())


x = rng.standard_normal((2, 8, 2)).astype("float32")
run(layers.Conv1D(3, 2, padding="causal", dilation_rate=2), x)
