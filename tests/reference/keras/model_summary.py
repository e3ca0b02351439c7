# summary() of a Sequential model, an unbuilt one, and one with a frozen layer: Keras's table and counts.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(90)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])

model = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(300, activation="relu"),
                          layers.Dense(100, activation="relu"), layers.Dense(10, activation="softmax")])
model.summary()
keras.Sequential([layers.Dense(4), layers.Dense(2)]).summary()
frozen = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(4, name="features"), layers.Dense(1, name="score")])
frozen.get_layer("features").trainable = False
frozen.summary()
print(model.count_params(), frozen.count_params())
