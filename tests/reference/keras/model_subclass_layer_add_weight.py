# Making new layers via subclassing: build(), add_weight(initializer=, trainable=False), get_config.
import numpy as np
from keras import layers, ops


class Linear(layers.Layer):
    def __init__(self, units=4, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="ones", trainable=True, name="w")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", trainable=True, name="b")

    def call(self, inputs):
        return ops.matmul(inputs, self.w) + self.b

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units})
        return config


class ComputeSum(layers.Layer):
    def __init__(self, input_dim):
        super().__init__()
        self.total = self.add_weight(initializer="zeros", shape=(input_dim,), trainable=False)

    def call(self, inputs):
        self.total.assign_add(ops.sum(inputs, axis=0))
        return self.total


x = np.arange(6, dtype="float32").reshape(3, 2)
linear = Linear(3, name="lin")
print(np.round(ops.convert_to_numpy(linear(x)), 4).tolist())
print(len(linear.weights), len(linear.trainable_weights), len(linear.non_trainable_weights), linear.built)
config = linear.get_config()
print(config["units"], config["name"], config["trainable"])
clone = Linear.from_config(config)
print(clone.units, clone.name, clone.built)
summer = ComputeSum(2)
summer(x)
print(np.round(ops.convert_to_numpy(summer(x)), 4).tolist())
print(len(summer.weights), len(summer.trainable_weights), len(summer.non_trainable_weights))
