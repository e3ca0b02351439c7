# Normalization.adapt learns the per-feature mean and variance; the layer then standardizes.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(47)
data = (rng.standard_normal((20, 3)) * [1.0, 3.0, 0.5] + [2.0, -1.0, 0.0]).astype("float32")
norm = layers.Normalization()
norm.adapt(data)
inputs = keras.Input(shape=(3,))
model = keras.Model(inputs, norm(inputs))
print(np.round(model.predict(data[:4], verbose=0), 5).tolist())
images = rng.uniform(0, 255, (6, 2, 2, 3)).astype("float32")
per_channel = layers.Normalization(axis=-1)
per_channel.adapt(images)
inputs = keras.Input(shape=(2, 2, 3))
model = keras.Model(inputs, per_channel(inputs))
print(np.round(model.predict(images[:2], verbose=0), 5).tolist())
