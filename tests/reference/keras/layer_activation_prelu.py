# PReLU: a slope per position, or shared over axes; its weights set from NumPy.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(132)
x = rng.standard_normal((2, 3, 4, 2)).astype("float32")


def run(layer):
    inputs = keras.Input(shape=x.shape[1:])
    model = keras.Model(inputs, layer(inputs))
    print([list(w.shape) for w in model.get_weights()], model.count_params())
    print(np.round(model.predict(x, verbose=0), 5).tolist())
    model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
    print(np.round(model.predict(x, verbose=0), 5).tolist())


run(layers.PReLU())
run(layers.PReLU(shared_axes=[1, 2]))
run(layers.PReLU(shared_axes=3, alpha_initializer="ones"))
run(layers.PReLU(alpha_initializer=keras.initializers.Constant(0.25)))
