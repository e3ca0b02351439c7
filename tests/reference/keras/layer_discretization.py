# Discretization with given bin boundaries: bin indices, and one_hot/multi_hot/count encodings.
import keras
import numpy as np
from keras import layers

x = np.array([[-1.5, 0.0, 0.2], [1.0, 2.5, 0.7]], dtype="float32")
bins = layers.Discretization(bin_boundaries=[0.0, 0.5, 1.0])
print(np.asarray(bins(x)).tolist())
print(np.asarray(layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode="one_hot")(x[0])).tolist())
print(np.asarray(layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode="multi_hot")(x)).tolist())
print(np.asarray(layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode="count")(x)).tolist())
print(bins.get_config()["bin_boundaries"], bins.get_config()["output_mode"])
inputs = keras.Input(shape=(3,))
h = layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode="count")(inputs)
outputs = layers.Dense(1, kernel_initializer="ones", bias_initializer="zeros")(h)
model = keras.Model(inputs, outputs)
print(model.output.shape, np.round(model.predict(x, verbose=0), 4).tolist())
