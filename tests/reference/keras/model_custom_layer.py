# A custom Layer: build gets the input shape with the batch as Keras passes it, add_weight, call with training.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(95)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])


class Scale(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.calls = []

    def build(self, input_shape):
        print("build", input_shape[1:])
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")
        self.offset = self.add_weight(shape=(1,), initializer="zeros", trainable=False, name="offset")

    def call(self, inputs, training=None):
        self.calls.append(training)
        return inputs * self.scale + self.offset


layer = Scale()
model = keras.Sequential([keras.Input(shape=(3,)), layer, layers.Dense(1)])
print([(w.name, bool(w.trainable)) for w in layer.weights])
set_seeded_weights(model)
x = rng.standard_normal((4, 3)).astype("float32")
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
model.fit(x, x[:, :1], batch_size=4, epochs=1, verbose=0)
print(np.round(layer.get_weights()[0], 5).tolist(), np.round(layer.get_weights()[1], 5).tolist())
layer.calls.clear()
model.predict(x, verbose=0)
print(np.round(keras.ops.convert_to_numpy(layer(x, training=True)), 5).tolist()[0])
layer(x)
print(layer.calls)
