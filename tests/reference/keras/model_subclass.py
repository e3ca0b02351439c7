# A subclassed Model with __init__(**kwargs) and call(inputs, training=None) trains and predicts.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(94)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])


class TwoLayer(keras.Model):
    def __init__(self, units=4, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(units, activation="tanh")
        self.out = layers.Dense(1)

    def call(self, inputs, training=None):
        return self.out(self.hidden(inputs))


model = TwoLayer(name="two_layer")
x = rng.standard_normal((8, 3)).astype("float32")
y = rng.standard_normal((8, 1)).astype("float32")
model(x[:1])
print(model.name, len(model.weights), [tuple(w.shape) for w in model.weights])
set_seeded_weights(model)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
history = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(model.predict(x[:2], verbose=0), 5).tolist())
