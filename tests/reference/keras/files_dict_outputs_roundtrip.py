# A functional model with dict inputs and dict outputs, compiled with dicts of losses, loss weights and
# metrics, saved as .keras after training and loaded back: outputs, evaluation and names survive.
import os
import tempfile

import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(4)
a = keras.Input((2,), name="a")
b = keras.Input((3,), name="bb")
h = layers.concatenate([a, b])
m = keras.Model({"a": a, "bb": b}, {"x": layers.Dense(1, name="d1")(h), "y": layers.Dense(2, name="d2")(h)})
m.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in m.get_weights()])
m.compile(optimizer="adam", loss={"x": "mse", "y": "mae"}, metrics={"y": ["mse"]})
data = {"a": rng.standard_normal((4, 2)).astype("float32"), "bb": rng.standard_normal((4, 3)).astype("float32")}
t = {"x": rng.standard_normal((4, 1)).astype("float32"), "y": rng.standard_normal((4, 2)).astype("float32")}
m.fit(data, t, verbose=0)
path = os.path.join(tempfile.mkdtemp(), "dict.keras")
m.save(path)
back = keras.models.load_model(path)
print(type(back.output).__name__, sorted(back.output), type(back.input).__name__)
p1, p2 = m.predict(data, verbose=0), back.predict(data, verbose=0)
print(sorted(p2), all(np.allclose(p1[k], p2[k]) for k in p1))
print({k: round(float(v), 4) for k, v in back.evaluate(data, t, verbose=0, return_dict=True).items()})
print(back.output_names, back.metrics_names)
print(m.get_layer("d1").output.shape, m.output_shape)
