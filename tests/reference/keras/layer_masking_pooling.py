# A mask into GlobalAveragePooling1D (the mean over the real steps) and Bidirectional (both directions skip the
# padding; with return_sequences the padded steps give zeros), in a small classifier evaluated and fitted.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(7)
tokens = np.array([[4, 2, 7, 0, 0, 0], [1, 5, 0, 0, 0, 0], [3, 3, 3, 3, 6, 2], [9, 2, 8, 1, 0, 0]])
labels = np.array([0, 1, 1, 0])
pooled = keras.Sequential([keras.Input(shape=(6,), dtype="int32"), layers.Embedding(10, 3, mask_zero=True),
                           layers.GlobalAveragePooling1D()])
pooled.set_weights([rng.standard_normal(w.shape).astype("float32") for w in pooled.get_weights()])
print(np.round(pooled.predict(tokens, verbose=0), 5).tolist())
for merge_mode in ("concat", "sum"):
    both = keras.Sequential([keras.Input(shape=(6,), dtype="int32"), layers.Embedding(10, 3, mask_zero=True),
                             layers.Bidirectional(layers.GRU(2, return_sequences=True), merge_mode=merge_mode)])
    both.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in both.get_weights()])
    print(merge_mode, np.round(both.predict(tokens, verbose=0), 5).tolist())
model = keras.Sequential([keras.Input(shape=(6,), dtype="int32"), layers.Embedding(10, 4, mask_zero=True),
                          layers.Bidirectional(layers.LSTM(3, return_sequences=True)),
                          layers.GlobalAveragePooling1D(), layers.Dense(2, activation="softmax")])
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.4 for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.3), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
history = model.fit(tokens, labels, batch_size=2, epochs=3, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist(), history.history["accuracy"])
