# GRU with reset_after=True (bias (2, 3*units)) and False (bias (3*units,)), other activations.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(64)
x = rng.standard_normal((3, 5, 2)).astype("float32")
for kwargs in ({}, {"reset_after": False}, {"activation": "relu", "recurrent_activation": "tanh"},
               {"use_bias": False, "return_sequences": True}):
    model = keras.Sequential([keras.Input(shape=(5, 2)), layers.GRU(3, **kwargs)])
    model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
    print(sorted(kwargs), [list(w.shape) for w in model.get_weights()])
    print(np.round(model.predict(x, verbose=0), 5).tolist())
