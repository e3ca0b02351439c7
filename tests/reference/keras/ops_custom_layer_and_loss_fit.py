# A custom layer written with keras.ops in call and a custom loss made of keras.ops, trained a few steps
# with weights set from NumPy: the loss per epoch and the final weights.
import keras
import numpy as np
from keras import layers, ops

rng = np.random.default_rng(14)


class GatedDense(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 2 * self.units), initializer="glorot_uniform",
                                      name="kernel")
        self.bias = self.add_weight(shape=(2 * self.units,), initializer="zeros", name="bias")

    def call(self, inputs):
        h = ops.add(ops.matmul(inputs, self.kernel), self.bias)
        value, gate = ops.split(h, 2, axis=-1)
        out = ops.multiply(ops.gelu(value), ops.sigmoid(gate))
        return ops.normalize(out, axis=-1) * 2.0 + ops.mean(out, axis=-1, keepdims=True)


def smooth_loss(y_true, y_pred):
    diff = ops.subtract(y_pred, ops.cast(y_true, "float32"))
    huberish = ops.log(ops.cosh(diff))
    spread = ops.std(y_pred, axis=-1)
    return ops.mean(huberish, axis=-1) + 0.1 * ops.square(spread - 1.0) + 0.01 * ops.logsumexp(y_pred, axis=-1)


x = rng.standard_normal((16, 5)).astype("float32")
y = np.tanh(x[:, :3] * 1.5 + x[:, 3:4]).astype("float32")
model = keras.Sequential([keras.Input(shape=(5,)), GatedDense(4), layers.Dense(3)])
model.set_weights([rng.uniform(-0.6, 0.6, w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.5), loss=smooth_loss)
history = model.fit(x, y, batch_size=8, epochs=4, shuffle=False, verbose=0)
print("loss", np.round(history.history["loss"], 5).tolist())
for w in model.get_weights():
    print(list(w.shape), np.round(w, 4).ravel()[:6].tolist())
pred = model.predict(x[:3], verbose=0)
print("pred", np.round(pred, 4).tolist())
print("loss_value", round(float(ops.convert_to_numpy(ops.mean(smooth_loss(y[:3], pred)))), 5))
