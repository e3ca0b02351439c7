# Weight paths as Keras 3 names them: the models a layer was built inside come first (a subclassed model's,
# a Sequential's, with or without Input), a functional model's layers have none, a nested Sequential keeps its
# own; trainable_variables/non_trainable_variables.
import keras
import numpy as np
from keras import layers


class Wrapper(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(2)

    def call(self, x):
        return self.dense(x)


subclassed = Wrapper()
subclassed(np.ones((1, 3), "float32"))
print([w.path for w in subclassed.weights])
built = keras.Sequential([layers.Dense(2)])
built.build((None, 3))
print([w.path for w in built.weights])
called = keras.Sequential([layers.Dense(2)], name="net")
called(np.ones((1, 3), "float32"))
print([w.path for w in called.weights])
with_input = keras.Sequential([keras.Input((3,)), layers.Dense(2), layers.Dense(1)])
print([w.path for w in with_input.weights], [w.name for w in with_input.weights])
inputs = keras.Input((3,))
base = keras.Sequential([keras.Input((3,)), layers.Dense(2)], name="base")
functional = keras.Model(inputs, layers.Dense(1)(base(inputs)))
print([w.path for w in functional.weights])
prebuilt = layers.Dense(2)
prebuilt.build((None, 3))
print([w.path for w in keras.Sequential([keras.Input((3,)), prebuilt]).weights])
print(len(functional.trainable_variables), len(functional.non_trainable_variables),
      [v.name for v in with_input.trainable_variables])
