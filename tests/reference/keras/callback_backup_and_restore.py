# BackupAndRestore resumes an interrupted fit at the epoch after the last one backed up.
import os
import tempfile

import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(78)
x = rng.standard_normal((8, 3)).astype("float32")
y = rng.standard_normal((8, 1)).astype("float32")


def make_model():
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)])
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    return model


folder = os.path.join(tempfile.mkdtemp(), "backup")


class Interrupt(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        if epoch == 1:
            raise RuntimeError("interrupted")


model = make_model()
start = model.get_weights()
try:
    model.fit(x, y, batch_size=4, epochs=4, shuffle=False, verbose=0,
              callbacks=[keras.callbacks.BackupAndRestore(folder), Interrupt()])
except RuntimeError as error:
    print("stopped:", error)
print(os.path.isdir(folder))
resumed = make_model()
resumed.set_weights(start)
history = resumed.fit(x, y, batch_size=4, epochs=4, shuffle=False, verbose=0,
                      callbacks=[keras.callbacks.BackupAndRestore(folder)])
print(history.epoch, os.path.isdir(folder))
print(np.round(resumed.get_weights()[0], 5).tolist())
