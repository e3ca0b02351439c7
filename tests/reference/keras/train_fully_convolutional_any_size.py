# A fully convolutional classifier on images of any size: Input(shape=(None, None, 3)), convolutions,
# pooling and GlobalAveragePooling2D, trained on batches of different image sizes.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(0)
inputs = keras.Input(shape=(None, None, 3))
x = layers.Conv2D(4, 3, padding="same", activation="relu")(inputs)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(5, 3, activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)
out = layers.Dense(2, activation="softmax")(x)
model = keras.Model(inputs, out)
print(model.input_shape, model.output_shape)
for layer in model.layers:
    print(layer.name, layer.output.shape)
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
data = [(rng.standard_normal((2, s, s + 1, 3)).astype("float32"), rng.integers(0, 2, 2)) for s in (8, 10, 12)]


class Batches(keras.utils.PyDataset):
    def __len__(self):
        return len(data)

    def __getitem__(self, i):
        return data[i]


history = model.fit(Batches(), epochs=2, verbose=0, shuffle=False)
for key, values in history.history.items():
    print(key, np.round(values, 5).tolist())
for xb, _ in data:
    print(xb.shape, np.round(model.predict(xb, verbose=0), 5).tolist())
model.summary()

shapes = keras.Sequential([keras.Input((None, None, 2)), layers.Cropping2D(1), layers.ZeroPadding2D(2),
                           layers.UpSampling2D(), layers.Conv2DTranspose(2, 3, strides=2)])
print(shapes.output_shape, tuple(shapes(np.zeros((1, 5, 6, 2), "float32")).shape))
steps = keras.Sequential([keras.Input((None, 5)), layers.Conv1D(4, 3), layers.MaxPooling1D(),
                          layers.Bidirectional(layers.LSTM(2, return_sequences=True)),
                          layers.TimeDistributed(layers.Dense(3)), layers.GlobalMaxPooling1D()])
print(steps.output_shape, tuple(steps(np.zeros((2, 9, 5), "float32")).shape))
flat = keras.Sequential([keras.Input((None, 6)), layers.Reshape((-1, 3)), layers.Flatten()])
print(flat.output_shape, tuple(flat(np.zeros((2, 4, 6), "float32")).shape))
