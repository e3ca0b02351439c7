# The Functional API: a shared layer on two inputs, get_layer, and a feature model from a layer's output.
import keras
import numpy as np
from keras import layers

shared = layers.Dense(3, activation="tanh", name="shared")
a = keras.Input(shape=(4,), name="a")
b = keras.Input(shape=(4,), name="b")
merged = layers.subtract([shared(a), shared(b)], name="diff")
out = layers.Dense(1, activation="sigmoid", name="out")(merged)
model = keras.Model([a, b], out, name="siamese")
rng = np.random.default_rng(9)
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
print(model.name, [layer.name for layer in model.layers], model.count_params())
print(len(model.get_layer("shared").weights), model.get_layer("diff").output.shape)
print([t.shape for t in model.inputs], [t.name for t in model.inputs], model.output.shape)
features = keras.Model(model.inputs, model.get_layer("diff").output)
xa = rng.standard_normal((3, 4)).astype("float32")
xb = rng.standard_normal((3, 4)).astype("float32")
print(np.round(features.predict([xa, xb], verbose=0), 4).tolist())
print(np.round(model.predict([xa, xb], verbose=0), 4).tolist())
print(np.round(model.predict([xa, xa], verbose=0), 4).tolist())
model.get_layer("shared").trainable = False
model.compile(optimizer="sgd", loss="binary_crossentropy")
print(len(model.trainable_weights), len(model.non_trainable_weights))
