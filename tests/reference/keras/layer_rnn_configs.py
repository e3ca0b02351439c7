# The defaults of the recurrent layers' configs, and the shapes of their weights.
import numpy as np
from keras import layers

keys = ("units", "use_bias", "return_sequences", "return_state", "go_backwards", "dropout", "recurrent_dropout")
for layer in (layers.SimpleRNN(3), layers.LSTM(3), layers.GRU(3)):
    config = layer.get_config()
    print(type(layer).__name__, {key: config[key] for key in keys})
    print(config.get("unit_forget_bias"), config.get("reset_after"), config.get("stateful"), config.get("unroll"))
    layer(np.zeros((1, 2, 4), "float32"))
    print([list(w.shape) for w in layer.get_weights()])
lstm = layers.LSTM(2)
lstm(np.zeros((1, 2, 3), "float32"))
print(lstm.get_weights()[2].tolist())
recurrent = lstm.get_weights()[1]
print(np.round(recurrent @ recurrent.T, 5).tolist())  # orthogonal rows
