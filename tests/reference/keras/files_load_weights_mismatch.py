# Loading weights saved from another architecture fails instead of loading them silently.
import os
import tempfile

import keras
from keras import layers

small = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3), layers.Dense(1)])
path = os.path.join(tempfile.mkdtemp(), "small.weights.h5")
small.save_weights(path)
wide = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(5), layers.Dense(1)])
try:
    wide.load_weights(path)
    print("loaded", True)
except Exception:
    print("loaded", False)
print("wide kernel shape", list(wide.get_weights()[0].shape))
