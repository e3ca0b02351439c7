# Hinge and SquaredHinge (labels -1/+1 and 0/1) and CategoricalHinge on one-hot rows.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(8)
signs = rng.choice([-1.0, 1.0], (5, 2)).astype("float32")
zero_one = (signs > 0).astype("float32")
scores = rng.standard_normal((5, 2)).astype("float32")
for loss in [keras.losses.Hinge(), keras.losses.SquaredHinge()]:
    print(loss.name)
    show(loss(signs, scores))
    show(loss(zero_one, scores))
onehot = np.eye(3, dtype="float32")[rng.integers(0, 3, 5)]
scores3 = rng.standard_normal((5, 3)).astype("float32")
print(keras.losses.CategoricalHinge().name)
show(keras.losses.CategoricalHinge()(onehot, scores3))
show(keras.losses.categorical_hinge(onehot, scores3))
