# keras.config.image_data_format defaults to channels_last; set_image_data_format changes new layers' default.
import keras
import numpy as np
from keras import layers

print(keras.config.image_data_format())
print(layers.Conv2D(2, 3).get_config()["data_format"], layers.MaxPooling2D().get_config()["data_format"])
keras.config.set_image_data_format("channels_first")
print(keras.config.image_data_format())
conv = layers.Conv2D(2, 3)
print(conv.get_config()["data_format"], layers.GlobalAveragePooling2D().get_config()["data_format"])
inputs = keras.Input(shape=(3, 5, 5))
model = keras.Model(inputs, conv(inputs))
rng = np.random.default_rng(50)
model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
print([list(w.shape) for w in model.get_weights()])
print(list(model.predict(rng.standard_normal((1, 3, 5, 5)).astype("float32"), verbose=0).shape))
keras.config.set_image_data_format("channels_last")
print(keras.config.image_data_format())
