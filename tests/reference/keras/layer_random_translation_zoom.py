# RandomTranslation and RandomZoom with fixed factors (lower = upper: no randomness) called with training=True:
# the resampled images for each fill mode, channels-first too; the identity at inference; configs; bad factors.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(74)
x = rng.standard_normal((2, 5, 6, 3)).astype("float32")


def show(layer, images, where=(0, slice(None), slice(None), 0)):
    out = keras.ops.convert_to_numpy(layer(images, training=True))
    print(list(out.shape), np.round(out[where], 4).tolist())


for mode in ("reflect", "wrap", "nearest", "constant"):
    show(layers.RandomTranslation((0.2, 0.2), (-0.25, -0.25), fill_mode=mode, fill_value=0.5), x)
    show(layers.RandomZoom((0.3, 0.3), fill_mode=mode, fill_value=-1.0), x)
show(layers.RandomZoom((-0.4, -0.4), width_factor=(0.2, 0.2)), x, (1, slice(None), slice(None), 2))
show(layers.RandomTranslation((-0.3, -0.3), (0.1, 0.1), data_format="channels_first"), x.transpose(0, 3, 1, 2),
     (0, 1))
print(np.array_equal(keras.ops.convert_to_numpy(layers.RandomZoom(0.5)(x, training=False)), x),
      np.array_equal(keras.ops.convert_to_numpy(layers.RandomTranslation(0.5, 0.5)(x, training=False)), x))
inputs = keras.Input((5, 6, 3))
model = keras.Model(inputs, layers.RandomZoom(0.2, seed=1)(layers.RandomTranslation(0.1, 0.1, seed=2)(inputs)))
print(np.array_equal(model.predict(x, verbose=0), x))
zoom = layers.RandomZoom(0.2, width_factor=(-0.1, 0.3), fill_mode="constant", fill_value=1.0, seed=5).get_config()
print({k: zoom[k] for k in ("height_factor", "width_factor", "fill_mode", "interpolation", "fill_value", "seed")})
shift = layers.RandomTranslation(0.1, (-0.2, 0.1)).get_config()
print({k: shift[k] for k in ("height_factor", "width_factor", "fill_mode", "fill_value", "data_format")})
for bad in (lambda: layers.RandomZoom(1.5), lambda: layers.RandomTranslation((0.1, 0.2, 0.3), 0.1),
            lambda: layers.RandomZoom(-1.0)):
    try:
        bad()
        print("accepted")
    except ValueError:
        print("ValueError")
