# Every hook fit, evaluate and predict call, in order, with the keys of the logs they pass.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(70)
x = rng.standard_normal((8, 3)).astype("float32")
y = rng.standard_normal((8, 1)).astype("float32")


def make_model():
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)])
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    return model


class Recorder(keras.callbacks.Callback):
    def _log(self, hook, step=None, logs=None):
        keys = sorted(logs) if isinstance(logs, dict) else logs
        print(hook, step, keys)

    def on_train_begin(self, logs=None):
        self._log("train_begin", None, logs)

    def on_train_end(self, logs=None):
        self._log("train_end", None, logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._log("epoch_begin", epoch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._log("epoch_end", epoch, logs)

    def on_train_batch_begin(self, batch, logs=None):
        self._log("train_batch_begin", batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self._log("train_batch_end", batch, logs)

    def on_test_begin(self, logs=None):
        self._log("test_begin", None, logs)

    def on_test_end(self, logs=None):
        self._log("test_end", None, logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._log("test_batch_begin", batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        self._log("test_batch_end", batch, logs)

    def on_predict_begin(self, logs=None):
        self._log("predict_begin", None, logs)

    def on_predict_end(self, logs=None):
        self._log("predict_end", None, logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self._log("predict_batch_begin", batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._log("predict_batch_end", batch, logs)


model = make_model()
model.fit(x, y, batch_size=4, epochs=2, validation_data=(x[:4], y[:4]), shuffle=False, verbose=0,
          callbacks=[Recorder()])
model.evaluate(x, y, batch_size=4, verbose=0, callbacks=[Recorder()])
model.predict(x, batch_size=4, verbose=0, callbacks=[Recorder()])
