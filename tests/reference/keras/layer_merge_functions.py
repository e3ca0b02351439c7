# The lowercase merge functions (add, multiply, concatenate, ...) in a functional model with three inputs.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(45)
x1, x2, x3 = (keras.Input(shape=(2,)) for _ in range(3))
summed = layers.add([x1, x2, x3])
product = layers.multiply([x1, x2])
joined = layers.concatenate([summed, product, layers.maximum([x2, x3]), layers.average([x1, x3])])
model = keras.Model([x1, x2, x3], layers.Dense(2)(joined))
model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
data = [rng.standard_normal((3, 2)).astype("float32") for _ in range(3)]
print([list(w.shape) for w in model.get_weights()])
print(np.round(model.predict(data, verbose=0), 5).tolist())
