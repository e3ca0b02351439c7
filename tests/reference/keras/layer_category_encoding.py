# CategoryEncoding: one_hot, multi_hot, count (with count_weights), in a model on integer features.
import keras
import numpy as np
from keras import layers

encoding = layers.CategoryEncoding(num_tokens=4, output_mode="one_hot")
print(np.asarray(encoding(np.array([3, 2, 0, 1]))).tolist())
print(np.asarray(encoding(np.array([[3], [1]]))).tolist())
multi = layers.CategoryEncoding(num_tokens=4, output_mode="multi_hot")
print(np.asarray(multi(np.array([[0, 1], [0, 0], [1, 2], [3, 1]]))).tolist())
count = layers.CategoryEncoding(num_tokens=4, output_mode="count")
print(np.asarray(count(np.array([[0, 1, 1], [3, 3, 3]]))).tolist())
print(np.asarray(count(np.array([[0, 1], [2, 2]]), count_weights=np.array([[0.5, 2.0], [1.0, 0.25]]))).tolist())
print(multi.get_config()["num_tokens"], multi.get_config()["output_mode"], multi.compute_output_shape((None, 2)))
inputs = keras.Input(shape=(3,), dtype="int32")
h = layers.CategoryEncoding(num_tokens=5, output_mode="multi_hot")(inputs)
outputs = layers.Dense(1, kernel_initializer="ones", bias_initializer="zeros")(h)
model = keras.Model(inputs, outputs)
print(model.output.shape, model.count_params())
print(model.predict(np.array([[0, 1, 1], [4, 4, 2]]), verbose=0).tolist())
