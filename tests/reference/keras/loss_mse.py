# Keras's MeanSquaredError: the mean over every element; sample weights and each reduction.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(1)
y_true = rng.standard_normal((4, 3)).astype("float32")
y_pred = rng.standard_normal((4, 3)).astype("float32")
weights = np.array([1.0, 0.5, 2.0, 0.0], dtype="float32")
loss = keras.losses.MeanSquaredError()
print(loss.name)
show(loss(y_true, y_pred))
show(loss(y_true, y_pred, sample_weight=weights))
show(keras.losses.MeanSquaredError(reduction="sum")(y_true, y_pred))
show(keras.losses.MeanSquaredError(reduction=None)(y_true, y_pred))
show(keras.losses.mean_squared_error(y_true, y_pred))
show(keras.losses.get("mse")(y_true, y_pred))
