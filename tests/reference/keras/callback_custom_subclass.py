# A custom Callback subclass reading logs, stopping training, and seeing self.model and self.params.
import keras
import numpy as np
from keras import layers


class LossHistory(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.per_batch = []
        print("train begin", sorted(self.params))

    def on_train_batch_end(self, batch, logs=None):
        self.per_batch.append(round(float(logs["loss"]), 4))

    def on_epoch_end(self, epoch, logs=None):
        print("epoch", epoch, sorted(logs), round(float(logs["val_loss"]), 4))
        if logs["loss"] < 0.5:
            self.model.stop_training = True

    def on_test_begin(self, logs=None):
        print("test begin")

    def on_predict_end(self, logs=None):
        print("predict end")


rng = np.random.default_rng(21)
x = rng.standard_normal((16, 2)).astype("float32")
y = (x @ np.array([[1.0], [-2.0]], "float32")).astype("float32")
model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(1)])
model.set_weights([np.zeros((2, 1), "float32"), np.zeros((1,), "float32")])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse", metrics=["mae"])
callback = LossHistory()
history = model.fit(x, y, batch_size=8, epochs=10, validation_split=0.25, shuffle=False, verbose=0,
                    callbacks=[callback])
print(callback.per_batch)
print(len(history.history["loss"]), history.epoch)
model.evaluate(x, y, verbose=0, callbacks=[callback])
model.predict(x, verbose=0, callbacks=[callback])
