# A mask in training: a padded sequence tagger (Embedding(mask_zero) -> LSTM(return_sequences) -> Dense softmax
# per step): evaluate and fit weigh the padded steps out of the loss and the accuracy; SGD, no shuffle.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(11)
tokens = np.array([[4, 2, 7, 0, 0], [1, 5, 0, 0, 0], [3, 3, 3, 3, 6], [9, 2, 8, 1, 0]] * 2)
tags = (tokens % 3).astype("int32")
model = keras.Sequential([keras.Input(shape=(5,), dtype="int32"), layers.Embedding(10, 4, mask_zero=True),
                          layers.LSTM(6, return_sequences=True), layers.Dense(3, activation="softmax")])
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.4 for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
print(np.round(model.evaluate(tokens, tags, verbose=0), 5).tolist())
history = model.fit(tokens, tags, batch_size=4, epochs=3, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(history.history["accuracy"], 5).tolist())
print(np.round(model.predict(tokens[:2], verbose=0), 5).tolist())
