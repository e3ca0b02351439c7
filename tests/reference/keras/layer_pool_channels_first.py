# Max and average pooling on channels_first images.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(18)


def run(layer, x):
    """Predict with a one-layer functional model whose weights come from the generator."""
    inputs = keras.Input(shape=x.shape[1:])
    model = keras.Model(inputs, layer(inputs))
    model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
    y = model.predict(x, verbose=0)
    print(list(y.shape), [list(w.shape) for w in model.get_weights()])
    print(np.round(y, 6).tolist())


x = rng.standard_normal((2, 3, 6, 5)).astype("float32")
run(layers.MaxPooling2D(data_format="channels_first"), x)
run(layers.AveragePooling2D(2, strides=1, data_format="channels_first"), x)
run(layers.MaxPooling2D(3, strides=2, padding="same", data_format="channels_first"), x)
