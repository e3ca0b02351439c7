# Sequential.add with an Input first, pop, get_layer by name and index, and layers.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(96)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])

model = keras.Sequential(name="stack")
model.add(keras.Input(shape=(4,)))
model.add(layers.Dense(3, name="first"))
model.add(layers.Dense(2, name="second"))
model.add(layers.Dense(1, name="third"))
print(model.name, [layer.name for layer in model.layers])
removed = model.pop()
print(removed.name, [layer.name for layer in model.layers])
print(model.get_layer("first").name, model.get_layer(index=1).name)
print(model.output_shape, model.input_shape)
print(model.count_params())
