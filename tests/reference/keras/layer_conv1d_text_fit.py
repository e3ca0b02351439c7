# Conv1D and MaxPooling1D over embedded token sequences, GlobalMaxPooling1D, a softmax head, trained.
# reference: rtol=1e-3 atol=1e-4
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(213)
tokens = rng.integers(0, 15, (16, 10))
labels = rng.integers(0, 3, 16)
model = keras.Sequential([keras.Input((10,)), layers.Embedding(15, 3), layers.Conv1D(4, 3, activation="relu"),
                          layers.MaxPooling1D(2), layers.Conv1D(4, 2, padding="same"), layers.GlobalMaxPooling1D(),
                          layers.Dropout(0.0), layers.Dense(3, activation="softmax")])
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
print([layer.output.shape for layer in model.layers])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(tokens, labels, batch_size=8, epochs=3, shuffle=False, verbose=0)
for key in history.history:
    print(key, np.round(history.history[key], 5).tolist())
print(np.round(model.predict(tokens[:2], verbose=0), 5).tolist())
