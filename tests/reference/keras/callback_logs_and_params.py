# A callback sees self.model and self.params, and the running batch logs and epoch logs.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(71)
x = rng.standard_normal((8, 3)).astype("float32")
y = rng.standard_normal((8, 1)).astype("float32")


def make_model():
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)])
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    return model


class Watch(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        print(self.params, self.model is model)

    def on_train_batch_end(self, batch, logs=None):
        print(batch, round(float(logs["loss"]), 5), round(float(logs["mae"]), 5))

    def on_epoch_end(self, epoch, logs=None):
        print(epoch, {k: round(float(v), 5) for k, v in logs.items()})


model = make_model()
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse", metrics=["mae"])
model.fit(x, y, batch_size=3, epochs=2, shuffle=False, verbose=0, callbacks=[Watch()])
