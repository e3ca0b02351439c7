# MeanAbsoluteError, MeanAbsolutePercentageError and MeanSquaredLogarithmicError on fixed arrays.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(2)
y_true = rng.uniform(0.5, 2.0, (5, 2)).astype("float32")
y_pred = rng.uniform(0.0, 2.5, (5, 2)).astype("float32")
for loss in [keras.losses.MeanAbsoluteError(), keras.losses.MeanAbsolutePercentageError(),
             keras.losses.MeanSquaredLogarithmicError()]:
    print(loss.name)
    show(loss(y_true, y_pred))
show(keras.losses.mean_absolute_error(y_true, y_pred))
show(keras.losses.mean_absolute_percentage_error(y_true, y_pred))
show(keras.losses.mean_squared_logarithmic_error(y_true, y_pred))
