# weights, trainable_weights and non_trainable_weights: names, shapes and counts, per layer and per model.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(91)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])

dense = layers.Dense(3, name="dense_a")
dense.build((None, 4))
print([(w.name, tuple(w.shape), bool(w.trainable)) for w in dense.weights])
print([w.shape for w in dense.get_weights()], dense.count_params())
model = keras.Sequential([keras.Input(shape=(4,)), dense, layers.Dense(2, use_bias=False, name="dense_b")])
print([w.name for w in model.weights], len(model.trainable_weights), len(model.non_trainable_weights))
model.trainable = False
print(len(model.trainable_weights), len(model.non_trainable_weights), dense.trainable)
model.trainable = True
dense.trainable = False
print(len(model.trainable_weights), [w.name for w in model.non_trainable_weights])
