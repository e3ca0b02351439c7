# Activations by name in layers: Dense(activation=...), layers.Activation(...), get/serialize/deserialize.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(7)
x = rng.standard_normal((3, 4)).astype("float32") * 2
kernel = rng.standard_normal((4, 5)).astype("float32")
bias = rng.standard_normal(5).astype("float32") * 0.1
for name in ["gelu", "selu", "swish", "mish", "hard_sigmoid", "hard_swish", "leaky_relu", "relu6", "softplus",
             "softsign", "log_softmax", "exponential", "elu", "celu", "squareplus", "sparse_plus"]:
    model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(5, activation=name)])
    model.set_weights([kernel, bias])
    print(name, model.layers[0].get_config()["activation"], np.round(model.predict(x, verbose=0), 4).tolist())
    print(" layer", np.round(keras.ops.convert_to_numpy(layers.Activation(name)(x)), 4).tolist())
print([keras.activations.serialize(keras.activations.get(n)) for n in ["relu", "swish", "hard_swish", "gelu"]])
print(keras.activations.serialize(keras.activations.selu))
f = keras.activations.deserialize("silu")
print(np.round(keras.ops.convert_to_numpy(f(x)), 4).tolist())
print(np.round(keras.ops.convert_to_numpy(keras.activations.get(None)(x)), 4).tolist())
