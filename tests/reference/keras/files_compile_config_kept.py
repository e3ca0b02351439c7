# load_model restores the compile settings: optimizer class, learning rate, loss and metrics keep working.
import os
import tempfile

import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(3)
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(3, activation="softmax")])
model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.005), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
path = os.path.join(tempfile.mkdtemp(), "compiled.keras")
model.save(path)
loaded = keras.models.load_model(path)
print("optimizer", type(loaded.optimizer).__name__)
print("learning rate", round(float(np.asarray(loaded.optimizer.learning_rate)), 6))
x = rng.standard_normal((6, 3)).astype("float32")
y = np.array([0, 1, 2, 0, 1, 2])
loss, accuracy = loaded.evaluate(x, y, verbose=0)
print("loss", round(float(loss), 5), "accuracy", round(float(accuracy), 5))
