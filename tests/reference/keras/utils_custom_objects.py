# keras.utils' registry helpers: custom_object_scope for loading a model with a custom layer, the
# registered names, and pack/unpack_x_y_sample_weight.
import os
import tempfile

import keras
import numpy as np


class Doubler(keras.layers.Layer):
    def call(self, x):
        return x * 2


print(keras.utils.unpack_x_y_sample_weight((1, 2)), keras.utils.unpack_x_y_sample_weight((1, 2, 3)),
      keras.utils.unpack_x_y_sample_weight(5))
print(keras.utils.pack_x_y_sample_weight(1), keras.utils.pack_x_y_sample_weight(1, 2),
      keras.utils.pack_x_y_sample_weight(1, 2, 3))
inputs = keras.Input((2,))
model = keras.Model(inputs, Doubler()(keras.layers.Dense(2)(inputs)))
model.set_weights([np.eye(2, dtype="float32"), np.array([0.5, -0.5], "float32")])
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "m.keras")
    model.save(path)
    try:
        keras.models.load_model(path)
    except Exception as exc:
        print("without the scope: a TypeError", isinstance(exc, TypeError))
    with keras.utils.custom_object_scope({"Doubler": Doubler}):
        again = keras.models.load_model(path)
        print("inside:", keras.utils.get_registered_object("Doubler") is Doubler)
    print("after:", keras.utils.get_registered_object("Doubler"))
print(again.predict(np.array([[1.0, 2.0]], "float32"), verbose=0).tolist())


@keras.saving.register_keras_serializable(package="demo")
class Tripler(keras.layers.Layer):
    def call(self, x):
        return x * 3


print(keras.utils.get_registered_name(Tripler), keras.utils.get_registered_object("demo>Tripler") is Tripler)
