# The .weights.h5 file keys each layer's variables as Keras 3 does: layers/<class>_<n>/vars/<i>.
import os
import tempfile

import h5py
import keras
from keras import layers

inputs = keras.Input(shape=(4,))
x = layers.Dense(3, activation="relu", name="first")(inputs)
x = layers.Dropout(0.1)(x)
outputs = layers.Dense(2, name="second")(x)
model = keras.Model(inputs, outputs)
path = os.path.join(tempfile.mkdtemp(), "layout.weights.h5")
model.save_weights(path)
names = []


def collect(name, obj):
    if isinstance(obj, h5py.Dataset):
        names.append((name, list(obj.shape)))


with h5py.File(path, "r") as f:
    f.visititems(collect)
    print("layer groups", sorted(f["layers"].keys()))
    print("vars names", [f["layers"][k]["vars"].attrs["name"] for k in sorted(f["layers"].keys())])
print("datasets", sorted(names))
