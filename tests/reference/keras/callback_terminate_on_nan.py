# TerminateOnNaN stops training at the batch whose loss is not finite.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(77)
x = rng.standard_normal((8, 3)).astype("float32")
y = rng.standard_normal((8, 1)).astype("float32")


def make_model():
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)])
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    return model

model = make_model()
model.compile(optimizer=keras.optimizers.SGD(learning_rate=100.0), loss="mse")
history = model.fit(x * 100, y, batch_size=2, epochs=5, shuffle=False, verbose=0,
                    callbacks=[keras.callbacks.TerminateOnNaN()])
print(len(history.epoch) < 5)
