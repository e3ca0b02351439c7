# keras.utils.normalize: rows (or columns) divided by their L2 or L1 norm; a zero row stays zero.
import keras
import numpy as np

x = np.array([[3.0, 4.0], [0.0, 0.0], [1.0, -1.0]])
print(np.round(keras.utils.normalize(x), 5).tolist())
print(np.round(keras.utils.normalize(x, axis=1), 5).tolist())
print(np.round(keras.utils.normalize(x, order=1), 5).tolist())
keras.utils.set_random_seed(3)
print(type(keras.utils.PyDataset).__name__, keras.utils.Sequence is not None)
