# EarlyStopping(restore_best_weights=True) with validation_split: stops on patience and restores the best epoch.
import keras
import numpy as np
from keras import callbacks, layers

rng = np.random.default_rng(203)
x = rng.standard_normal((30, 2)).astype("float32")
y = rng.standard_normal((30, 1)).astype("float32")
model = keras.Sequential([keras.Input((2,)), layers.Dense(8, activation="relu"), layers.Dense(1)])
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss="mse")
stop = callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True, verbose=0)
history = model.fit(x, y, batch_size=5, epochs=30, validation_split=0.2, shuffle=False, verbose=0, callbacks=[stop])
val = history.history["val_loss"]
print(len(val), np.round(val, 5).tolist())
print(stop.stopped_epoch, stop.best_epoch, round(float(stop.best), 5))
print(round(model.evaluate(x[24:], y[24:], verbose=0), 5))
