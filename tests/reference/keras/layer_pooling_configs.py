# get_config of the pooling layers: pool_size, strides (None meaning pool_size), padding, data_format, keepdims.
from keras import layers

for layer in [layers.MaxPooling2D(), layers.MaxPooling2D(3, strides=2, padding="same"),
              layers.AveragePooling2D(2), layers.MaxPooling1D(), layers.AveragePooling1D(3, strides=1),
              layers.GlobalAveragePooling2D(keepdims=True), layers.GlobalMaxPooling1D()]:
    config = layer.get_config()
    keys = ["pool_size", "strides", "padding", "data_format", "keepdims"]
    print(type(layer).__name__, {key: list(config[key]) if isinstance(config[key], tuple) else config[key]
                                 for key in keys if key in config})
