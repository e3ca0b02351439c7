# Regression with outliers trained with Huber and LogCosh losses (objects and names), KLDivergence on rows.
import keras
import numpy as np
from keras import layers, losses

rng = np.random.default_rng(211)
x = rng.standard_normal((20, 2)).astype("float32")
y = (x @ np.array([[2.0], [-1.0]], dtype="float32"))
y[::5] += 8.0  # outliers
for loss in [losses.Huber(delta=0.5), "huber", losses.LogCosh(), "log_cosh"]:
    model = keras.Sequential([keras.Input((2,)), layers.Dense(1)])
    model.set_weights([np.array([[0.1], [0.2]], "float32"), np.zeros(1, "float32")])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss=loss, metrics=["mae"])
    history = model.fit(x, y, batch_size=5, epochs=3, shuffle=False, verbose=0)
    print(loss if isinstance(loss, str) else type(loss).__name__, np.round(history.history["loss"], 5).tolist(),
          np.round(model.get_weights()[0].ravel(), 5).tolist())
p = np.array([[0.2, 0.8], [0.5, 0.5]], dtype="float32")
q = np.array([[0.3, 0.7], [0.9, 0.1]], dtype="float32")
per_row = keras.ops.convert_to_numpy(losses.kl_divergence(p, q))
print(round(float(losses.KLDivergence()(p, q)), 5), np.round(per_row, 5).tolist())
