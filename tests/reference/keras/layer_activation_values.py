# The activation layers ReLU (all options), LeakyReLU, ELU and Softmax on the same inputs.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(131)
x = (3 * rng.standard_normal((2, 3, 4))).astype("float32")


def run(layer):
    inputs = keras.Input(shape=x.shape[1:])
    model = keras.Model(inputs, layer(inputs))
    y = model.predict(x, verbose=0)
    print(type(layer).__name__, list(y.shape), model.count_params())
    print(np.round(y, 5).tolist())


run(layers.ReLU())
run(layers.ReLU(max_value=2.0))
run(layers.ReLU(negative_slope=0.1, threshold=0.5))
run(layers.ReLU(max_value=4.0, negative_slope=0.2, threshold=1.0))
run(layers.LeakyReLU())
run(layers.LeakyReLU(negative_slope=0.05))
run(layers.ELU())
run(layers.ELU(alpha=0.5))
run(layers.Softmax())
run(layers.Softmax(axis=1))
