# keras.ops.image.resize (bilinear and nearest, one image and a batch, crop_to_aspect_ratio) and the
# Resizing layer in a model taking images of any size, trained a few steps.
import keras
import numpy as np
from keras import layers, ops

rng = np.random.default_rng(7)
images = rng.standard_normal((2, 5, 6, 3)).astype("float32")
for interpolation in ("bilinear", "nearest"):
    for size in ((3, 4), (8, 9)):
        out = ops.convert_to_numpy(ops.image.resize(images, size, interpolation=interpolation))
        print(interpolation, size, out.shape, np.round(out[0, :, :, 0], 4).tolist())
one = ops.convert_to_numpy(ops.image.resize(images[0], (4, 4), crop_to_aspect_ratio=True))
print(one.shape, np.round(one[:, :, 1], 4).tolist())

model = keras.Sequential([keras.Input((None, None, 3)), layers.Resizing(6, 6), layers.Conv2D(2, 3, activation="relu"),
                          layers.GlobalAveragePooling2D(), layers.Dense(1)])
print(model.output_shape, model.layers[0].get_config()["interpolation"])
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")


batches = [(rng.standard_normal((2, *size, 3)).astype("float32"), np.ones((2, 1), "float32"))
           for size in ((5, 7), (9, 8))]


class Batches(keras.utils.PyDataset):
    def __len__(self):
        return len(batches)

    def __getitem__(self, i):
        return batches[i]


history = model.fit(Batches(), epochs=2, verbose=0, shuffle=False)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(model.predict(images, verbose=0), 5).tolist())
