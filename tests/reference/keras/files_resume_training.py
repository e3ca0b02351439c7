# Training resumes after load_model: the optimizer's step count and momentum come back with the model.
import os
import tempfile

import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(4)
x = rng.standard_normal((8, 3)).astype("float32")
y = rng.standard_normal((8, 1)).astype("float32")
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(4, activation="tanh"), layers.Dense(1)])
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9), loss="mse")
model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
path = os.path.join(tempfile.mkdtemp(), "resume.keras")
model.save(path)
loaded = keras.models.load_model(path)
print("iterations", int(np.asarray(loaded.optimizer.iterations)))
history = loaded.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
print("losses", [round(v, 5) for v in history.history["loss"]])
print("pred", np.round(loaded.predict(x[:3], verbose=0), 5).tolist())
