# model.save + load_model of a functional model with two outputs (a list), two losses, loss weights and
# per-output metrics: names, evaluation, predictions and further training survive the file.
import os
import tempfile

import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(13)
inputs = keras.Input((4,), name="features")
h = layers.Dense(6, activation="tanh", name="shared")(inputs)
kind = layers.Dense(3, activation="softmax", name="kind")(h)
size = layers.Dense(1, name="size")(h)
model = keras.Model(inputs, [kind, size], name="two_heads")
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer="adam", loss=["sparse_categorical_crossentropy", "mse"], loss_weights=[1.0, 0.2],
              metrics=[["accuracy"], ["mae"]])
x = rng.standard_normal((12, 4)).astype("float32")
y = [rng.integers(0, 3, 12), rng.standard_normal((12, 1)).astype("float32")]
model.fit(x, y, batch_size=4, epochs=2, verbose=0, shuffle=False)
path = os.path.join(tempfile.mkdtemp(), "two_heads.keras")
model.save(path)
back = keras.models.load_model(path)
print(back.name, back.output_names, back.output_shape, back.metrics_names)
print({k: round(float(v), 5) for k, v in back.evaluate(x, y, verbose=0, return_dict=True).items()})
print({k: round(float(v), 5) for k, v in model.evaluate(x, y, verbose=0, return_dict=True).items()})
p, q = back.predict(x[:2], verbose=0)
print(np.round(p, 5).tolist(), np.round(q, 5).tolist())
h = back.fit(x, y, batch_size=4, epochs=1, verbose=0, shuffle=False)
print({k: np.round(v, 5).tolist() for k, v in h.history.items()})
print(int(back.optimizer.iterations.numpy()))
