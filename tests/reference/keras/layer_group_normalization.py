# GroupNormalization: channels-last images in groups (4 of 2 channels, instance norm with groups=-1, one
# group), an axis that is not last, the weights, a config round trip and a short fit: outputs and gradients.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(71)
x = rng.standard_normal((3, 4, 5, 8)).astype("float32") * 2.0 + 1.0
for groups in (4, -1, 1):
    layer = layers.GroupNormalization(groups=groups)
    out = keras.ops.convert_to_numpy(layer(x))
    print(groups, layer.groups, [w.shape for w in layer.get_weights()], np.round(out[0, 0, :2], 4).tolist())
layer = layers.GroupNormalization(groups=2, axis=1, epsilon=1e-2, center=False)
out = keras.ops.convert_to_numpy(layer(x.transpose(0, 3, 1, 2)))
print(len(layer.weights), np.round(out[1, :, 0, 0], 4).tolist(), round(float(out.std()), 4))
config = layers.GroupNormalization(groups=4, epsilon=0.01, scale=False).get_config()
print({k: config[k] for k in ("groups", "axis", "epsilon", "center", "scale")})
again = layers.GroupNormalization.from_config(config)
print(again.groups, again.epsilon, again.scale)

model = keras.Sequential([keras.Input((4, 5, 8)), layers.GroupNormalization(groups=4), layers.Flatten(),
                          layers.Dense(3)])
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.3 for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse")
y = rng.standard_normal((3, 3)).astype("float32")
history = model.fit(x, y, batch_size=3, epochs=3, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(model.layers[0].get_weights()[0], 5).tolist())
try:
    layers.GroupNormalization(groups=3).build((None, 4, 5, 8))
except ValueError as exc:
    print("ValueError", str(exc)[:60])
try:
    layers.GroupNormalization(groups=0)
except ValueError as exc:
    print("ValueError", str(exc)[:60])
