# A model for sequences of any length (Input(shape=(None,)), masked Embedding, GRU) saved as .keras and
# loaded back: the unknown length survives the file, and the loaded model takes any length.
import os
import tempfile

import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(0)
inputs = keras.Input(shape=(None,), dtype="int32", name="tokens")
x = layers.Embedding(20, 4, mask_zero=True)(inputs)
x = layers.GRU(3)(x)
out = layers.Dense(1)(x)
model = keras.Model(inputs, out)
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
path = os.path.join(tempfile.mkdtemp(), "tokens.keras")
model.save(path)
back = keras.models.load_model(path)
print(back.input_shape, back.output_shape, [t.name for t in back.inputs])
tokens = np.array([[1, 2, 3, 0, 0], [4, 5, 0, 0, 0]], "int32")
print(np.round(model.predict(tokens, verbose=0), 5).tolist(), np.round(back.predict(tokens, verbose=0), 5).tolist())
print(np.round(back.predict(tokens[:, :3], verbose=0), 5).tolist())
print(np.round(back.predict(np.array([[7, 8, 9, 10, 11, 12, 13]], "int32"), verbose=0), 5).tolist())
