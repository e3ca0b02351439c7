# ModelCheckpoint(save_best_only=True) keeps the best epoch's model; load_model gives it back.
import os
import tempfile

import keras
import numpy as np
from keras import callbacks, layers

rng = np.random.default_rng(202)
x = rng.standard_normal((24, 3)).astype("float32")
y = (x @ np.array([[1.0], [-2.0], [0.5]], dtype="float32")).astype("float32")
model = keras.Sequential([keras.Input((3,)), layers.Dense(4, activation="tanh"), layers.Dense(1)])
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.3), loss="mse")
folder = tempfile.mkdtemp()
path = os.path.join(folder, "best.keras")
history = model.fit(x, y, batch_size=8, epochs=6, validation_split=0.25, shuffle=False, verbose=0,
                    callbacks=[callbacks.ModelCheckpoint(path, monitor="val_loss", save_best_only=True)])
val = history.history["val_loss"]
print(np.round(val, 5).tolist(), int(np.argmin(val)))
best = keras.models.load_model(path)
print(round(best.evaluate(x[18:], y[18:], verbose=0), 5), round(min(val), 5))
print(best.optimizer.__class__.__name__, round(float(best.optimizer.learning_rate), 4))
weights_path = os.path.join(folder, "last.weights.h5")
model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0,
          callbacks=[callbacks.ModelCheckpoint(weights_path, save_weights_only=True)])
copy = keras.Sequential([keras.Input((3,)), layers.Dense(4, activation="tanh"), layers.Dense(1)])
copy.load_weights(weights_path)
print(all(np.array_equal(a, b) for a, b in zip(copy.get_weights(), model.get_weights())))
