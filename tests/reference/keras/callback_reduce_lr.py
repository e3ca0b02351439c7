# ReduceLROnPlateau multiplies the learning rate by factor after patience epochs without improvement.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(73)
x = rng.standard_normal((8, 3)).astype("float32")
y = rng.standard_normal((8, 1)).astype("float32")


def make_model():
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)])
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    return model

model = make_model()
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse")
reduce = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1, min_delta=10.0, min_lr=0.01)
history = model.fit(x, y, batch_size=8, epochs=5, shuffle=False, verbose=0, callbacks=[reduce])
print(sorted(history.history))
print(np.round(history.history["learning_rate"], 6).tolist())
print(np.round(history.history["loss"], 5).tolist())
