# Custom losses: a function, a keras.losses.Loss subclass with get_config, used in compile.
import keras
import numpy as np
from keras import layers, ops


def custom_mean_squared_error(y_true, y_pred):
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


class CustomMSE(keras.losses.Loss):
    def __init__(self, regularization_factor=0.1, name="custom_mse"):
        super().__init__(name=name)
        self.regularization_factor = regularization_factor

    def call(self, y_true, y_pred):
        mse = ops.mean(ops.square(y_true - y_pred), axis=-1)
        reg = ops.mean(ops.square(0.5 - y_pred), axis=-1)
        return mse + reg * self.regularization_factor

    def get_config(self):
        return {"regularization_factor": self.regularization_factor, "name": self.name}


y_true = np.array([[0.0, 1.0], [1.0, 1.0]], dtype="float32")
y_pred = np.array([[0.2, 0.6], [0.9, 0.3]], dtype="float32")
loss = CustomMSE(0.5)
print(round(float(loss(y_true, y_pred)), 5))
print(round(float(loss(y_true, y_pred, sample_weight=np.array([1.0, 0.0]))), 5))
print(loss.name, loss.get_config()["regularization_factor"])
rng = np.random.default_rng(8)
x = rng.standard_normal((8, 3)).astype("float32")
y = rng.standard_normal((8, 2)).astype("float32")
for loss_fn in (custom_mean_squared_error, CustomMSE()):
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2)])
    model.set_weights([np.full(w.shape, 0.1, "float32") for w in model.get_weights()])
    model.compile(optimizer="sgd", loss=loss_fn)
    history = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    print(np.round(history.history["loss"], 5).tolist())
