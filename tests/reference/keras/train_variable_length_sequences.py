# Sequences of any length: Input(shape=(None,)) into Embedding, LSTM, GRU and GlobalAveragePooling1D,
# trained on batches of different lengths from a generator and from a PyDataset.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(0)
inputs = keras.Input(shape=(None,), dtype="int32")
x = layers.Embedding(20, 4)(inputs)
x = layers.LSTM(3, return_sequences=True)(x)
x = layers.GRU(3, return_sequences=True)(x)
x = layers.GlobalAveragePooling1D()(x)
out = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, out)
print(model.input_shape, model.output_shape)
for layer in model.layers:
    print(layer.name, layer.output.shape)
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"])
lengths = [5, 7, 3, 6]
data = [(rng.integers(1, 20, (4, n)).astype("int32"), rng.integers(0, 2, (4, 1)).astype("float32")) for n in lengths]


def batches():
    while True:
        yield from data


history = model.fit(batches(), steps_per_epoch=4, epochs=2, verbose=0)
for key, values in history.history.items():
    print(key, np.round(values, 5).tolist())


class Batches(keras.utils.PyDataset):
    def __len__(self):
        return len(data)

    def __getitem__(self, i):
        return data[i]


history = model.fit(Batches(), epochs=2, verbose=0, shuffle=False)
for key, values in history.history.items():
    print(key, np.round(values, 5).tolist())
print(np.round(model.evaluate(Batches(), verbose=0), 5).tolist())
for xb, _ in data:
    print(xb.shape, np.round(model.predict(xb, verbose=0), 5).ravel().tolist())
model.summary()

sequential = keras.Sequential([keras.Input(shape=(None,)), layers.Embedding(10, 3), layers.GRU(2), layers.Dense(1)])
print(sequential.input_shape, sequential.output_shape)
built_later = keras.Sequential([layers.Embedding(10, 3), layers.LSTM(2)])
built_later.build((None, None))
print(built_later.input_shape, built_later.output_shape)
print(tuple(built_later(np.ones((2, 5), "int32")).shape), tuple(built_later(np.ones((3, 9), "int32")).shape))
