# Text classification from scratch: integer sequences of any length, Embedding, Conv1D, GlobalMaxPooling1D,
# Dropout off at inference; trained on padded batches of different lengths.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(22)
inputs = keras.Input(shape=(None,), dtype="int64")
x = layers.Embedding(30, 6)(inputs)
x = layers.Conv1D(4, 3, padding="valid", activation="relu", strides=1)(x)
x = layers.Conv1D(4, 3, padding="same", activation="relu")(x)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dense(4, activation="relu")(x)
predictions = layers.Dense(1, activation="sigmoid", name="predictions")(x)
model = keras.Model(inputs, predictions)
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
model.compile(loss="binary_crossentropy", optimizer=keras.optimizers.Adam(0.01), metrics=["accuracy"])
model.summary()
batches = [(rng.integers(1, 30, (4, n)), rng.integers(0, 2, (4, 1)).astype("float32")) for n in (9, 12, 6)]


def stream():
    while True:
        yield from batches


history = model.fit(stream(), steps_per_epoch=3, epochs=3, verbose=0, validation_data=stream(), validation_steps=2)
for key in history.history:
    print(key, np.round(history.history[key], 5).tolist())
print(np.round(model.predict(np.array([[3, 4, 5, 6, 7]]), verbose=0), 5).tolist())
print(np.round(model.evaluate(stream(), steps=3, verbose=0), 5).tolist())
