# An IMDB-style classifier on integer sequences: Embedding, LSTM, GlobalAveragePooling1D.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(12)
max_features, maxlen = 20, 7
sequences = [list(rng.integers(1, max_features, rng.integers(3, 10))) for _ in range(10)]
x = keras.utils.pad_sequences(sequences, maxlen=maxlen)
y = rng.integers(0, 2, 10).astype("float32")
print(x.shape, x[0].tolist())
inputs = keras.Input(shape=(maxlen,), dtype="int32")
h = layers.Embedding(max_features, 4)(inputs)
h = layers.LSTM(3, return_sequences=True)(h)
h = layers.GlobalAveragePooling1D()(h)
outputs = layers.Dense(1, activation="sigmoid")(h)
model = keras.Model(inputs, outputs)
model.set_weights([rng.uniform(-0.4, 0.4, w.shape).astype("float32") for w in model.get_weights()])
model.summary(print_fn=lambda line, **kwargs: None)
print(model.count_params(), [w.shape for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(x, y, batch_size=5, epochs=2, validation_data=(x[:4], y[:4]), shuffle=False, verbose=0)
for key in history.history:
    print(key, np.round(history.history[key], 4).tolist())
print(np.round(model.predict(x[:3], batch_size=2, verbose=0), 4).tolist())
