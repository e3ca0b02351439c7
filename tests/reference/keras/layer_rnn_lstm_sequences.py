# LSTM (Keras's gate order i, f, c, o) with return_sequences and go_backwards, in a functional model.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(62)
x = rng.standard_normal((2, 5, 3)).astype("float32")
for go_backwards in (False, True):
    inputs = keras.Input(shape=(5, 3))
    outputs = layers.LSTM(4, return_sequences=True, go_backwards=go_backwards)(inputs)
    model = keras.Model(inputs, outputs)
    model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
    print([list(w.shape) for w in model.get_weights()])
    print(np.round(model.predict(x, verbose=0), 5).tolist())
