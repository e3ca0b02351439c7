# CenterCrop keeps the central window of each image.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(29)


def run(layer, x):
    """Predict with a one-layer functional model whose weights come from the generator."""
    inputs = keras.Input(shape=x.shape[1:])
    model = keras.Model(inputs, layer(inputs))
    model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
    y = model.predict(x, verbose=0)
    print(list(y.shape), [list(w.shape) for w in model.get_weights()])
    print(np.round(y, 6).tolist())


x = rng.standard_normal((1, 5, 6, 2)).astype("float32")
run(layers.CenterCrop(3, 4), x)
run(layers.CenterCrop(4, 2), x)
run(layers.CenterCrop(5, 6), x)
