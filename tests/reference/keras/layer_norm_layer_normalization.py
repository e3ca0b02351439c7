# LayerNormalization over the last axis and over (timesteps, features), gamma and beta set from NumPy.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(69)
x = (rng.standard_normal((2, 3, 4)) * 3 + 1).astype("float32")
for kwargs in ({}, {"axis": [1, 2]}, {"axis": -1, "epsilon": 0.1}, {"center": False}, {"scale": False}):
    layer = layers.LayerNormalization(**kwargs)
    model = keras.Sequential([keras.Input(shape=(3, 4)), layer])
    model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
    config = layer.get_config()
    print(sorted(kwargs), [list(w.shape) for w in model.get_weights()], config["epsilon"], config["center"])
    print(np.round(model.predict(x, verbose=0), 5).tolist())
