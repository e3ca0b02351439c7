# Embedding picks rows of its (input_dim, output_dim) matrix, then a Flatten and a Dense.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(46)
inputs = keras.Input(shape=(4,), dtype="int32")
outputs = inputs
embedding = layers.Embedding(10, 3)
for layer in [
    embedding,
    layers.Flatten(),
    layers.Dense(2),
]:
    outputs = layer(outputs)
model = keras.Model(inputs, outputs)
model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
tokens = np.array([[1, 2, 3, 0], [9, 9, 4, 5]], dtype="int32")
print([list(w.shape) for w in model.get_weights()])
print(np.round(model.predict(tokens, verbose=0), 5).tolist())
config = embedding.get_config()
print({key: config[key] for key in ("input_dim", "output_dim", "mask_zero")})
