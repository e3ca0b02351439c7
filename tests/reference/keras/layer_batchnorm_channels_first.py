# BatchNormalization with axis=1 normalizes the channels of channels_first images.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(41)
x = rng.standard_normal((2, 3, 4, 2)).astype("float32")
inputs = keras.Input(shape=(3, 4, 2))
model = keras.Model(inputs, layers.BatchNormalization(axis=1)(inputs))
gamma, beta, mean, variance = [rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()]
model.set_weights([gamma, beta, mean, np.abs(variance) + 0.1])
print(np.round(model.predict(x, verbose=0), 6).tolist())
