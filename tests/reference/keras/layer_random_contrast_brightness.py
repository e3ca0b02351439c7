# RandomContrast and RandomBrightness with fixed draws (contrast (-0.3, 0.3): c = 1.3; brightness (0.1, 0.1))
# called with training=True: the adjusted and clipped images, channels-first too; the identity at inference;
# the factors as Keras reads them; bad factors.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(75)
x = rng.uniform(0, 255, (2, 4, 5, 3)).astype("float32")
for layer, images, where in [
    (layers.RandomContrast((-0.3, 0.3)), x, (0, 0)),
    (layers.RandomContrast((-0.5, 0.5), value_range=(0, 1)), x / 255, (1, 2)),
    (layers.RandomContrast((-0.2, 0.2), data_format="channels_first"), x.transpose(0, 3, 1, 2), (0, 1)),
    (layers.RandomBrightness((0.1, 0.1)), x, (0, 1)),
    (layers.RandomBrightness((-0.3, -0.3), value_range=(1, 0)), x / 255, (1, 3)),
]:
    out = keras.ops.convert_to_numpy(layer(images, training=True))
    print(list(out.shape), np.round(out[where], 3).tolist(), round(float(out.min()), 4), round(float(out.max()), 4))
print(np.array_equal(keras.ops.convert_to_numpy(layers.RandomContrast(0.5)(x, training=False)), x),
      np.array_equal(keras.ops.convert_to_numpy(layers.RandomBrightness(0.5)(x, training=False)), x))
for layer in (layers.RandomContrast(0.2), layers.RandomContrast([0.1, 0.4]), layers.RandomBrightness(0.2),
              layers.RandomBrightness(-0.3), layers.RandomBrightness([0.2, -0.1], value_range=[1, 0])):
    config = layer.get_config()
    print(type(layer).__name__, [round(float(f), 4) for f in config["factor"]], list(config["value_range"]))
for bad in (lambda: layers.RandomContrast(-0.1), lambda: layers.RandomContrast(1.5),
            lambda: layers.RandomBrightness(2.0), lambda: layers.RandomBrightness((0.1, 0.2, 0.3))):
    try:
        bad()
        print("accepted")
    except ValueError:
        print("ValueError")
