# EarlyStopping on a rising loss stops after patience epochs and restores the best weights.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(72)
x = rng.standard_normal((8, 3)).astype("float32")
y = rng.standard_normal((8, 1)).astype("float32")


def make_model():
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)])
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    return model

model = make_model()
model.compile(optimizer=keras.optimizers.SGD(learning_rate=1.2), loss="mse")  # diverges: the loss grows
stop = keras.callbacks.EarlyStopping(monitor="loss", patience=2, restore_best_weights=True)
history = model.fit(x, y, batch_size=8, epochs=10, shuffle=False, verbose=0, callbacks=[stop])
print(history.epoch, stop.stopped_epoch, stop.best_epoch, round(float(stop.best), 5))
print(np.round(history.history["loss"], 4).tolist())
print(round(float(model.evaluate(x, y, verbose=0)), 5))
late = keras.callbacks.EarlyStopping(monitor="loss", patience=0, start_from_epoch=3)
print(make_model().fit(x, y, batch_size=8, epochs=10, verbose=0, shuffle=False, callbacks=[late]).epoch)
