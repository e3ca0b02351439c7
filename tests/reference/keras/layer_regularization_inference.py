# SpatialDropout, GaussianNoise and GaussianDropout are the identity at predict time.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(30)


def run(layer, x):
    """Predict with a one-layer functional model whose weights come from the generator."""
    inputs = keras.Input(shape=x.shape[1:])
    model = keras.Model(inputs, layer(inputs))
    model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
    y = model.predict(x, verbose=0)
    print(list(y.shape), [list(w.shape) for w in model.get_weights()])
    print(np.round(y, 6).tolist())


x = rng.standard_normal((2, 3, 3, 2)).astype("float32")
run(layers.SpatialDropout2D(0.5), x)
run(layers.GaussianNoise(1.0), x)
run(layers.GaussianDropout(0.3), x)
run(layers.Dropout(0.5), x)
