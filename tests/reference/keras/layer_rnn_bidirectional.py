# Bidirectional over LSTM, GRU and SimpleRNN: merge modes concat, sum, ave, mul; sequences flipped back in time.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(65)
x = rng.standard_normal((2, 4, 3)).astype("float32")
for rnn, merge_mode in ((layers.LSTM(3, return_sequences=True), "concat"), (layers.GRU(2), "sum"),
                        (layers.SimpleRNN(2, return_sequences=True), "ave"), (layers.LSTM(2), "mul")):
    model = keras.Sequential([keras.Input(shape=(4, 3)), layers.Bidirectional(rnn, merge_mode=merge_mode)])
    model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
    print(merge_mode, [list(w.shape) for w in model.get_weights()], model.count_params())
    print(np.round(model.predict(x, verbose=0), 5).tolist())
