# A stack: LSTM (return_sequences) -> GRU -> Dense, predicted; output shapes and parameter counts.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(66)
model = keras.Sequential([
    keras.Input(shape=(7, 3)),
    layers.LSTM(4, return_sequences=True),
    layers.GRU(3),
    layers.Dense(2, activation="softmax"),
])
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
print([layer.count_params() for layer in model.layers])
print([list(w.shape) for w in model.get_weights()])
x = rng.standard_normal((4, 7, 3)).astype("float32")
print(np.round(model.predict(x, verbose=0), 5).tolist())
