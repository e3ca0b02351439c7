# The activation layers' and TimeDistributed's configs, and layers rebuilt from them.
import numpy as np
from keras import layers

keys = ["max_value", "negative_slope", "threshold", "alpha", "axis", "alpha_regularizer", "alpha_constraint",
        "shared_axes", "trainable"]
for layer in [layers.ReLU(max_value=6.0, negative_slope=0.1, threshold=0.5), layers.LeakyReLU(),
              layers.LeakyReLU(negative_slope=0.2), layers.ELU(alpha=0.7), layers.Softmax(axis=1),
              layers.PReLU(shared_axes=[1, 2])]:
    config = layer.get_config()
    print(type(layer).__name__, {k: config[k] for k in keys if k in config})
    again = type(layer).from_config(config)
    print({k: again.get_config()[k] for k in keys if k in config})
wrapper = layers.TimeDistributed(layers.Dense(3, activation="relu"))
inner = wrapper.get_config()["layer"]
print(inner["class_name"], inner["config"]["units"], inner["config"]["activation"])
rebuilt = layers.TimeDistributed.from_config(wrapper.get_config())
print(type(rebuilt.layer).__name__, rebuilt.layer.units)
x = np.ones((2, 5, 4), dtype="float32")
print(list(rebuilt(x).shape), len(rebuilt.weights))
