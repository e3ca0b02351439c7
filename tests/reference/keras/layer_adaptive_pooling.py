# AdaptiveAveragePooling1D/2D and AdaptiveMaxPooling1D/2D (Keras 3.15, PyTorch's windows): outputs for sizes
# that do and do not divide the input, channels-first, configs, in a model trained a few steps.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(76)
x = rng.standard_normal((2, 7, 9, 3)).astype("float32")
seq = rng.standard_normal((2, 10, 4)).astype("float32")
for layer, data, where in [
    (layers.AdaptiveAveragePooling2D((3, 4)), x, (0, slice(None), slice(None), 0)),
    (layers.AdaptiveMaxPooling2D(2), x, (1, slice(None), slice(None), 2)),
    (layers.AdaptiveAveragePooling2D(7), x, (0, 0, slice(None), 1)),
    (layers.AdaptiveMaxPooling2D((5, 3), data_format="channels_first"), x.transpose(0, 3, 1, 2), (0, 1)),
    (layers.AdaptiveAveragePooling1D(3), seq, (1,)),
    (layers.AdaptiveMaxPooling1D((4,)), seq, (0,)),
    (layers.AdaptiveAveragePooling1D(6, data_format="channels_first"), seq.transpose(0, 2, 1), (0,)),
]:
    out = keras.ops.convert_to_numpy(layer(data))
    print(type(layer).__name__, list(out.shape), np.round(out[where], 4).tolist())
config = layers.AdaptiveMaxPooling2D((2, 3)).get_config()
print(config["output_size"], config["data_format"], layers.AdaptiveAveragePooling1D(5).get_config()["output_size"])
try:
    layers.AdaptiveAveragePooling2D((1, 2, 3))
except TypeError:
    print("TypeError")

model = keras.Sequential([keras.Input((7, 9, 3)), layers.Conv2D(4, 3, padding="same"),
                          layers.AdaptiveMaxPooling2D((2, 3)), layers.Flatten(), layers.Dense(2)])
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.3 for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.002), loss="mse")
y = rng.standard_normal((2, 2)).astype("float32")
history = model.fit(x, y, batch_size=2, epochs=3, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(model.layers[0].get_weights()[1], 5).tolist())
