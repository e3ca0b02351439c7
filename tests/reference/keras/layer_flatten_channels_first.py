# Flatten on channels_first data flattens in Keras's order: the channel axis is moved last first.
import keras
import numpy as np
from keras import layers

x = np.arange(2 * 3 * 2 * 2, dtype="float32").reshape(2, 3, 2, 2)
print(np.asarray(layers.Flatten(data_format="channels_first")(x)).tolist())
print(np.asarray(layers.Flatten()(x)).tolist())
print(layers.Flatten(data_format="channels_first").get_config()["data_format"])
rng = np.random.default_rng(3)
inputs = keras.Input(shape=(3, 6, 6))
h = layers.Conv2D(4, 3, padding="same", activation="relu", data_format="channels_first")(inputs)
h = layers.MaxPooling2D(data_format="channels_first")(h)
h = layers.Flatten(data_format="channels_first")(h)
model = keras.Model(inputs, layers.Dense(3, activation="softmax")(h))
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
print(np.round(model.predict(rng.standard_normal((2, 3, 6, 6)).astype("float32"), verbose=0), 5).tolist())
keras.config.set_image_data_format("channels_first")
print(layers.Flatten().get_config()["data_format"], np.asarray(layers.Flatten()(x))[0, :4].tolist())
keras.config.set_image_data_format("channels_last")
