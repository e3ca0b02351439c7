# keras.config and keras.backend settings: epsilon (and the loss it clips), floatx, the image data
# format, is_keras_tensor; keras.models.save_model then load_model.
import os
import tempfile

import keras
import numpy as np

print(keras.config.epsilon(), keras.backend.epsilon(), keras.config.floatx(), keras.backend.floatx())
print(keras.config.image_data_format(), keras.backend.image_data_format())
y, p = np.array([[1.0, 0.0]], "float32"), np.array([[1.0, 0.0]], "float32")
print(round(float(keras.losses.BinaryCrossentropy()(y, p)), 6))
keras.config.set_epsilon(1e-3)
print(keras.config.epsilon(), round(float(keras.losses.BinaryCrossentropy()(y, p)), 6))
keras.config.set_epsilon(1e-7)
inputs = keras.Input((3,))
outputs = keras.layers.Dense(2)(inputs)
print(keras.backend.is_keras_tensor(inputs), keras.backend.is_keras_tensor(outputs),
      keras.backend.is_keras_tensor(np.zeros(3)))
model = keras.Model(inputs, outputs)
model.set_weights([np.arange(6, dtype="float32").reshape(3, 2) / 10, np.array([0.5, -0.5], "float32")])
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "m.keras")
    keras.models.save_model(model, path)
    again = keras.models.load_model(path)
print(np.round(again.predict(np.ones((2, 3), "float32"), verbose=0), 5).tolist())
