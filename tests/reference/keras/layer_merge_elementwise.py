# Add, Subtract, Multiply, Average, Maximum and Minimum merge two inputs elementwise.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(44)
a = rng.standard_normal((2, 3)).astype("float32")
b = rng.standard_normal((2, 3)).astype("float32")
for merge in [layers.Add(), layers.Subtract(), layers.Multiply(), layers.Average(), layers.Maximum(),
              layers.Minimum()]:
    left, right = keras.Input(shape=(3,)), keras.Input(shape=(3,))
    model = keras.Model([left, right], merge([left, right]))
    print(type(merge).__name__, np.round(model.predict([a, b], verbose=0), 6).tolist())
