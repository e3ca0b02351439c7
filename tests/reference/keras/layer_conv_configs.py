# get_config of the convolution layers: Keras's keys and values (tuples printed as lists).
from keras import layers

for layer in [layers.Conv2D(8, 3, strides=2, padding="same", dilation_rate=1, groups=2, activation="relu"),
              layers.Conv1D(4, 5, padding="causal", dilation_rate=2),
              layers.Conv2DTranspose(3, (2, 3), strides=2),
              layers.DepthwiseConv2D(3, depth_multiplier=2),
              layers.SeparableConv2D(5, 3, padding="same")]:
    config = layer.get_config()
    keys = ["filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups", "use_bias",
            "depth_multiplier"]
    print(type(layer).__name__, {key: list(config[key]) if isinstance(config[key], tuple) else config[key]
                                 for key in keys if key in config})
