# model.summary(show_trainable=True) after freezing a nested base (the transfer-learning guide's call),
# summary(expand_nested=True), and both options on a graph with a 'Connected to' column (long names cut).
import keras
from keras import layers

base = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.BatchNormalization()], name="base")
base.trainable = False
inputs = keras.Input((4,))
model = keras.Model(inputs, layers.Dense(1, name="head")(base(inputs, training=False)))
model.summary(show_trainable=True)
model.summary(expand_nested=True)
a, b = keras.Input((2,), name="a"), keras.Input((2,), name="b")
twin = keras.Model([a, b], layers.Dense(1, name="d")(layers.concatenate([a, b])))
twin.layers[-1].trainable = False
twin.summary(show_trainable=True)
