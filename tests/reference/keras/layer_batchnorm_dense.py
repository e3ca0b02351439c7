# BatchNormalization after Dense, with Keras's defaults (momentum 0.99, epsilon 1e-3) and its config.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(43)
inputs = keras.Input(shape=(4,))
outputs = inputs
norm = layers.BatchNormalization()
for layer in [
    layers.Dense(3),
    norm,
    layers.Dense(2),
]:
    outputs = layer(outputs)
model = keras.Model(inputs, outputs)
weights = [rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()]
weights[5] = np.abs(weights[5]) + 0.2  # the moving variance
model.set_weights(weights)
print([list(w.shape) for w in model.get_weights()])
x = rng.standard_normal((3, 4)).astype("float32")
print(np.round(model.predict(x, verbose=0), 5).tolist())
config = norm.get_config()
print({key: config[key] for key in ("axis", "momentum", "epsilon", "center", "scale")})
