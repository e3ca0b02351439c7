# Huber (two deltas) and LogCosh on errors both smaller and larger than delta.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(3)
y_true = rng.standard_normal((6, 3)).astype("float32")
y_pred = (y_true + 2.0 * rng.standard_normal((6, 3))).astype("float32")
for loss in [keras.losses.Huber(), keras.losses.Huber(delta=0.5), keras.losses.LogCosh()]:
    print(loss.name)
    show(loss(y_true, y_pred))
show(keras.losses.huber(y_true, y_pred, delta=2.0))
show(keras.losses.log_cosh(y_true, y_pred))
