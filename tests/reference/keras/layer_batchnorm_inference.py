# BatchNormalization at predict time uses gamma, beta and the moving statistics, on channels-last images.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(40)
x = rng.standard_normal((2, 3, 4, 3)).astype("float32")
for layer in [layers.BatchNormalization(), layers.BatchNormalization(epsilon=0.1, center=False)]:
    inputs = keras.Input(shape=(3, 4, 3))
    model = keras.Model(inputs, layer(inputs))
    weights = [rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()]
    weights[-1] = np.abs(weights[-1]) + 0.5  # the moving variance
    model.set_weights(weights)
    print([list(w.shape) for w in model.get_weights()])
    print(np.round(model.predict(x, verbose=0), 6).tolist())
