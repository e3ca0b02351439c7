# keras.utils' picture helpers: save_img of an array, load_img in three colour modes and resized by two
# interpolations (and keeping the aspect ratio), img_to_array in both layouts, array_to_img scaled or not.
import os
import tempfile

import keras
import numpy as np

rng = np.random.default_rng(4)
picture = rng.integers(0, 256, (6, 8, 3)).astype("float32")
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "p.png")
    keras.utils.save_img(path, picture, scale=False)
    img = keras.utils.load_img(path)
    print(img.mode, img.size, keras.utils.img_to_array(img).shape, keras.utils.img_to_array(img).dtype)
    print(np.array_equal(keras.utils.img_to_array(img), picture))
    gray = keras.utils.load_img(path, color_mode="grayscale")
    print(gray.mode, keras.utils.img_to_array(gray).shape, keras.utils.img_to_array(gray)[0, :4, 0].tolist())
    print(keras.utils.load_img(path, color_mode="rgba").mode)
    for interpolation in ("nearest", "bilinear"):
        small = keras.utils.img_to_array(keras.utils.load_img(path, target_size=(3, 4), interpolation=interpolation))
        print(interpolation, small.shape, small[0, :2].tolist())
    kept = keras.utils.load_img(path, target_size=(4, 4), keep_aspect_ratio=True)
    print(kept.size, keras.utils.img_to_array(kept)[1, 1].tolist())
    print(keras.utils.img_to_array(img, data_format="channels_first").shape)
scaled = keras.utils.array_to_img(picture / 1000.0)
print(scaled.mode, np.asarray(scaled)[0, :2].tolist())
print(np.asarray(keras.utils.array_to_img(picture[:, :, :1], scale=False)).shape)
