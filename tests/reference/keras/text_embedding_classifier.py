# A text classifier on integer word sequences: Embedding, GlobalAveragePooling1D, Dense, trained with fit.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(204)
vocab, length = 20, 6
tokens = rng.integers(1, vocab, (32, length))
labels = (tokens[:, 0] > vocab // 2).astype("float32")
model = keras.Sequential([
    keras.Input(shape=(length,), dtype="int32"),
    layers.Embedding(vocab, 4),
    layers.GlobalAveragePooling1D(),
    layers.Dense(8, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.Adam(0.02), loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(tokens, labels, batch_size=8, epochs=4, shuffle=False, verbose=0)
for key in history.history:
    print(key, np.round(history.history[key], 5).tolist())
print(model.output_shape, [tuple(w.shape) for w in model.get_weights()])
print(np.round(model.predict(tokens[:3], verbose=0), 5).tolist())
