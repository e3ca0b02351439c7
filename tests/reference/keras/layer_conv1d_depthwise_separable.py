# DepthwiseConv1D and SeparableConv1D: outputs and weight shapes for valid/same padding (causal refused), strides,
# dilation, depth multipliers, channels-first, configs, and a short fit of a separable text-style model.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(78)
x = rng.standard_normal((2, 9, 3)).astype("float32")


def show(layer, data, where):
    layer.build((None, *data.shape[1:]))
    layer.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in layer.get_weights()])
    out = keras.ops.convert_to_numpy(layer(data))
    print(type(layer).__name__, list(out.shape), [list(w.shape) for w in layer.get_weights()],
          np.round(out[where], 4).tolist())


for kwargs in ({}, {"padding": "same", "depth_multiplier": 2}, {"strides": 2}, {"dilation_rate": 2}):
    show(layers.DepthwiseConv1D(3, **kwargs), x, (1, slice(None), 1))
for kwargs in ({}, {"padding": "same", "depth_multiplier": 2}, {"strides": 2, "use_bias": False},
               {"dilation_rate": 2, "padding": "same"}):
    show(layers.SeparableConv1D(4, 3, **kwargs), x, (0, slice(None), 2))
show(layers.DepthwiseConv1D(2, data_format="channels_first"), x.transpose(0, 2, 1), (0, 1))
show(layers.SeparableConv1D(2, 2, data_format="channels_first"), x.transpose(0, 2, 1), (1, 0))
for make in (lambda: layers.DepthwiseConv1D(3, padding="causal"),
             lambda: layers.SeparableConv1D(2, 3, padding="causal")):
    try:
        make()
        print("accepted")
    except ValueError:
        print("ValueError")
config = layers.SeparableConv1D(4, 3, depth_multiplier=2).get_config()
print({k: config[k] for k in ("filters", "kernel_size", "strides", "padding", "depth_multiplier")})
config = layers.DepthwiseConv1D(5, strides=2).get_config()
print({k: config[k] for k in ("kernel_size", "strides", "padding", "depth_multiplier")})

model = keras.Sequential([keras.Input((9, 3)), layers.SeparableConv1D(4, 3, padding="same", activation="relu"),
                          layers.DepthwiseConv1D(3), layers.GlobalAveragePooling1D(), layers.Dense(2)])
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.4 for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse")
y = rng.standard_normal((2, 2)).astype("float32")
history = model.fit(x, y, batch_size=2, epochs=3, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(model.layers[0].get_weights()[1][0], 5).tolist())
