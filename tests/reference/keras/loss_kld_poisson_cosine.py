# KLDivergence, Poisson and CosineSimilarity on fixed positive arrays.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(7)
a = rng.uniform(0.1, 1.0, (4, 3)).astype("float32")
b = rng.uniform(0.1, 1.0, (4, 3)).astype("float32")
p, q = a / a.sum(axis=1, keepdims=True), b / b.sum(axis=1, keepdims=True)
for loss in [keras.losses.KLDivergence(), keras.losses.Poisson(), keras.losses.CosineSimilarity()]:
    print(loss.name)
    show(loss(p, q))
show(keras.losses.kl_divergence(p, q))
show(keras.losses.poisson(a, b))
show(keras.losses.cosine_similarity(a, b))
