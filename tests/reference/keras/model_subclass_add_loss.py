# Layers with self.add_loss and a `training` argument, inside a model that trains.
import keras
import numpy as np
from keras import layers, ops


class ActivityRegularization(layers.Layer):
    def __init__(self, rate=1e-2):
        super().__init__()
        self.rate = rate

    def call(self, inputs):
        self.add_loss(self.rate * ops.sum(ops.square(inputs)))
        return inputs


class CustomDropout(layers.Layer):
    def __init__(self, rate, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate

    def call(self, inputs, training=None):
        if training:
            return inputs * 0.0
        return inputs


rng = np.random.default_rng(5)
inputs = keras.Input(shape=(3,))
h = layers.Dense(4, name="d1")(inputs)
h = ActivityRegularization(0.05)(h)
h = CustomDropout(0.5)(h)
outputs = layers.Dense(1, name="d2")(h)
model = keras.Model(inputs, outputs)
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
x = rng.standard_normal((8, 3)).astype("float32")
y = rng.standard_normal((8, 1)).astype("float32")
print(np.round(ops.convert_to_numpy(model(x[:2])), 4).tolist())
print(np.round(ops.convert_to_numpy(model(x[:2], training=True)), 4).tolist())
print(len(model.losses), round(float(ops.convert_to_numpy(model.losses[0])), 4))
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
history = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 4).tolist())
print(round(float(model.evaluate(x, y, verbose=0)), 4))
