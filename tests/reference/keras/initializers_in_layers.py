# Initializers given to layers: seeded ones repeat, Constant and Identity set exact weights.
import keras
import numpy as np
from keras import initializers, layers

x = np.arange(12, dtype="float32").reshape(3, 4) / 10
a = layers.Dense(3, kernel_initializer=initializers.HeNormal(seed=1), bias_initializer=initializers.Constant(0.5))
b = layers.Dense(3, kernel_initializer=initializers.HeNormal(seed=1), bias_initializer="ones")
a.build((None, 4))
b.build((None, 4))
print(np.array_equal(keras.ops.convert_to_numpy(a.kernel), keras.ops.convert_to_numpy(b.kernel)))
print(keras.ops.convert_to_numpy(a.bias).tolist(), keras.ops.convert_to_numpy(b.bias).tolist())
print(initializers.serialize(a.kernel_initializer)["class_name"], a.kernel_initializer.get_config()["seed"])
print(initializers.serialize(a.bias_initializer))
same = keras.Sequential([keras.Input((4,)), layers.Dense(4, kernel_initializer="identity", use_bias=False)])
print(np.round(same.predict(x, verbose=0), 5).tolist())
const = keras.Sequential([keras.Input((4,)), layers.Dense(2, kernel_initializer=initializers.Constant(0.1),
                                                          bias_initializer=initializers.Constant(-0.2))])
print(np.round(const.predict(x, verbose=0), 5).tolist())
conv = layers.Conv2D(2, 3, kernel_initializer=initializers.Constant(1.0 / 9), bias_initializer="zeros")
img = np.ones((1, 5, 5, 1), dtype="float32")
print(np.round(keras.ops.convert_to_numpy(conv(img)), 5)[0, :, :, 0].tolist())
emb = layers.Embedding(5, 2, embeddings_initializer=initializers.Constant(0.7))
print(keras.ops.convert_to_numpy(emb(np.array([[0, 4]]))).tolist())
norm = layers.BatchNormalization(gamma_initializer=initializers.Constant(2.0), beta_initializer="ones")
print(np.round(keras.ops.convert_to_numpy(norm(x, training=False)), 4).tolist())
