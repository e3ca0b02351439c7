# SimpleRNN's last output and every output (return_sequences), weights set from NumPy.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(61)
x = rng.standard_normal((3, 6, 4)).astype("float32")
for return_sequences in (False, True):
    model = keras.Sequential([keras.Input(shape=(6, 4)), layers.SimpleRNN(5, return_sequences=return_sequences)])
    model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
    print([list(w.shape) for w in model.get_weights()], model.count_params())
    y = model.predict(x, verbose=0)
    print(list(y.shape), np.round(y, 5).tolist())
