# Rescaling multiplies by scale and adds offset.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(27)


def run(layer, x):
    """Predict with a one-layer functional model whose weights come from the generator."""
    inputs = keras.Input(shape=x.shape[1:])
    model = keras.Model(inputs, layer(inputs))
    model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
    y = model.predict(x, verbose=0)
    print(list(y.shape), [list(w.shape) for w in model.get_weights()])
    print(np.round(y, 6).tolist())


x = rng.standard_normal((2, 2, 2, 3)).astype("float32")
run(layers.Rescaling(1.0 / 255), x)
run(layers.Rescaling(2.0, offset=-1.0), x)
