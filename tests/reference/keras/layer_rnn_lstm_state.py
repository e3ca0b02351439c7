# LSTM and GRU called on arrays with return_state=True and a given initial_state: [output, h, c] / [output, h].
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(63)
x = rng.standard_normal((2, 4, 3)).astype("float32")
for layer, count in ((layers.LSTM(3, return_state=True), 2), (layers.GRU(3, return_state=True), 1)):
    layer(x)
    layer.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in layer.get_weights()])
    for state in (None, [rng.standard_normal((2, 3)).astype("float32") for _ in range(count)]):
        results = layer(x) if state is None else layer(x, initial_state=state)
        print(type(layer).__name__, len(results))
        for r in results:
            print(np.round(keras.ops.convert_to_numpy(r), 5).tolist())
