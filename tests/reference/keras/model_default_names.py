# The default names Keras gives models: a Sequential model takes the next 'functional' name each time it
# builds its graph (from a list once, build(), each add() and pop() after that, its first call), so a
# later keras.Model is functional_1, functional_2, ...
import keras
import numpy as np
from keras import layers


def next_functional_name():
    inputs = keras.Input((3,))
    return keras.Model(inputs, layers.Dense(1)(inputs)).name


first = keras.Sequential([keras.Input((3,)), layers.Dense(2), layers.Dense(2)], name="first")
print(next_functional_name())
unbuilt = keras.Sequential([layers.Dense(2), layers.Dense(2)])
print(next_functional_name())
unbuilt.build((None, 3))
print(next_functional_name())
grown = keras.Sequential([keras.Input((3,))])
grown.add(layers.Dense(2))
grown.add(layers.Dense(3))
print(next_functional_name())
declared = keras.Sequential([layers.Dense(2, input_shape=(3,))])
print(next_functional_name())
called = keras.Sequential([layers.Dense(2)])
called(np.ones((1, 3), "float32"))
print(next_functional_name())
grown.pop()
print(next_functional_name())
print(first.name, unbuilt.name, grown.name, declared.name, called.name)
