# keras.utils.to_categorical: one-hot rows from labels of shape (N,) and (N, 1), with and without num_classes.
import keras
import numpy as np

labels = np.array([0, 2, 1, 2, 3])
onehot = keras.utils.to_categorical(labels)
print(onehot.shape, str(onehot.dtype))
print(onehot.tolist())
print(keras.utils.to_categorical(labels.reshape(-1, 1), num_classes=6).shape)
print(keras.utils.to_categorical([1, 0], 3).tolist())
