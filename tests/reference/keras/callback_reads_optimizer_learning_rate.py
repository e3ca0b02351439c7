# A keras.callbacks.Callback subclass reading self.model.optimizer.learning_rate and iterations, and
# setting the learning rate each epoch (a value it adds to the logs shows in the history).
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(12)


class HalveEachEpoch(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        lr = float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate))
        print("epoch", epoch, "lr", round(lr, 6))

    def on_epoch_end(self, epoch, logs=None):
        lr = self.model.optimizer.learning_rate
        self.model.optimizer.learning_rate = float(keras.ops.convert_to_numpy(lr)) * 0.5
        logs["lr"] = float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate))

    def on_train_end(self, logs=None):
        print("iterations", int(keras.ops.convert_to_numpy(self.model.optimizer.iterations)))


model = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.2), loss="mse")
x = rng.standard_normal((10, 3)).astype("float32")
y = rng.standard_normal((10, 1)).astype("float32")
h = model.fit(x, y, batch_size=5, epochs=3, shuffle=False, verbose=0, callbacks=[HalveEachEpoch()])
for k, v in h.history.items():
    print(k, np.round(v, 5).tolist())
print(model.optimizer.learning_rate.dtype)
model.optimizer.learning_rate.assign(0.01)
print(round(float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)), 6))
