# A small LSTM classifier trained 3 epochs with SGD on NumPy data, no shuffle: the losses and predictions.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(67)
x = rng.standard_normal((16, 6, 3)).astype("float32")
y = (x[:, :, 0].sum(axis=1) > 0).astype("int32")
model = keras.Sequential([keras.Input(shape=(6, 3)), layers.LSTM(5), layers.Dense(2, activation="softmax")])
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.4 for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(history.history["accuracy"], 5).tolist())
print(np.round(model.predict(x[:3], verbose=0), 5).tolist())
