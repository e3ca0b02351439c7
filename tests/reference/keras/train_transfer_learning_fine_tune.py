# Transfer learning as the Keras guide does it: a base Sequential frozen (trainable=False) and called with
# training=False inside a new model, trained; then unfrozen and fine-tuned after a recompile (lower rate).
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(11)
base = keras.Sequential([keras.Input((6,)), layers.Dense(5, activation="relu"), layers.BatchNormalization(),
                         layers.Dense(4, activation="relu")], name="base")
# kernels and biases of either sign; batch norm's gamma, beta, moving mean and variance positive
signs = [rng.choice([-1, 1], w.shape) if i % 6 < 4 else 1 for i, w in enumerate(base.get_weights())]
base.set_weights([(rng.uniform(0.1, 0.9, w.shape) * s if i % 6 < 4 else rng.uniform(0.5, 1.5, w.shape))
                  .astype("float32")
                  for i, (w, s) in enumerate(zip(base.get_weights(), signs))])
base.trainable = False
inputs = keras.Input((6,))
x = base(inputs, training=False)
x = layers.Dense(3, activation="relu", name="head_hidden")(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
for layer in model.layers[-2:]:
    layer.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in layer.get_weights()])
print(len(model.weights), len(model.trainable_weights), len(model.non_trainable_weights))
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"])
xs = rng.standard_normal((16, 6)).astype("float32")
ys = rng.integers(0, 2, (16, 1)).astype("float32")
before = [w.copy() for w in base.get_weights()]
h = model.fit(xs, ys, batch_size=8, epochs=2, shuffle=False, verbose=0)
print({k: np.round(v, 5).tolist() for k, v in h.history.items()})
print(all(np.array_equal(a, b) for a, b in zip(before, base.get_weights())))
base.trainable = True
print(len(model.trainable_weights), len(model.non_trainable_weights))
model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="binary_crossentropy", metrics=["accuracy"])
h = model.fit(xs, ys, batch_size=8, epochs=1, shuffle=False, verbose=0)
print({k: np.round(v, 5).tolist() for k, v in h.history.items()})
print([np.round(w, 4).tolist() for w in base.get_weights()[2:4]])
print(np.round(model.predict(xs[:3], verbose=0), 5).tolist())
model.summary()
