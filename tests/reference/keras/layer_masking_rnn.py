# Padded sequences: Embedding(mask_zero=True) and Masking before SimpleRNN, LSTM and GRU (forwards, backwards,
# return_sequences); masked steps keep the state and repeat the last output; the mask reaches the next layer.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(3)
tokens = np.array([[4, 2, 7, 0, 0], [1, 5, 0, 0, 0], [3, 3, 3, 3, 6], [0, 0, 2, 8, 1]])
for rnn in (layers.SimpleRNN, layers.LSTM, layers.GRU):
    for go_backwards in (False, True):
        model = keras.Sequential([keras.Input(shape=(5,), dtype="int32"), layers.Embedding(10, 3, mask_zero=True),
                                  rnn(4, return_sequences=True, go_backwards=go_backwards)])
        model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
        print(rnn.__name__, go_backwards, np.round(model.predict(tokens, verbose=0), 5).tolist())

features = rng.standard_normal((3, 4, 2)).astype("float32")
features[0, 2:] = 0.0
features[2, :1] = 0.0
for rnn in (layers.LSTM, layers.GRU):
    model = keras.Sequential([keras.Input(shape=(4, 2)), layers.Masking(0.0), rnn(3)])
    model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
    print(rnn.__name__, "last", np.round(model.predict(features, verbose=0), 5).tolist())
    print(np.round(np.asarray(layers.Masking(0.0)(features)), 5).tolist())
