# Conv1DTranspose: output lengths and values for valid/same padding, strides and dilation, channels-first,
# the kernel's shape (k, filters, in), its config, and a short fit of an upsampling decoder.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(77)
x = rng.standard_normal((2, 6, 3)).astype("float32")
for kwargs in ({"padding": "valid"}, {"padding": "same"}, {"strides": 2}, {"strides": 3, "padding": "same"},
               {"dilation_rate": 2}, {"strides": 2, "use_bias": False}):
    layer = layers.Conv1DTranspose(4, 3, **kwargs)
    layer.build((None, 6, 3))
    layer.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in layer.get_weights()])
    out = keras.ops.convert_to_numpy(layer(x))
    print(kwargs, list(out.shape), [list(w.shape) for w in layer.get_weights()], np.round(out[1, :, 2], 4).tolist())
first = layers.Conv1DTranspose(2, 4, strides=2, data_format="channels_first")
first.build((None, 3, 6))
first.set_weights([rng.standard_normal(w.shape).astype("float32") for w in first.get_weights()])
out = keras.ops.convert_to_numpy(first(x.transpose(0, 2, 1)))
print(list(out.shape), np.round(out[0, 1], 4).tolist())
config = layers.Conv1DTranspose(5, 2, strides=2, padding="same").get_config()
print({k: config[k] for k in ("filters", "kernel_size", "strides", "padding", "dilation_rate", "output_padding")})

model = keras.Sequential([keras.Input((5, 2)), layers.Conv1DTranspose(3, 3, strides=2, padding="same",
                                                                      activation="tanh"),
                          layers.Conv1D(1, 3, padding="same")])
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.4 for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse")
xs, ys = rng.standard_normal((4, 5, 2)).astype("float32"), rng.standard_normal((4, 10, 1)).astype("float32")
history = model.fit(xs, ys, batch_size=2, epochs=3, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(model.layers[0].get_weights()[0][:, 0, 1], 5).tolist())
