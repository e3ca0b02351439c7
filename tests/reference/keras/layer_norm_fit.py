# Dense -> LayerNormalization -> Dense trained 3 epochs with SGD, no shuffle: the losses and gamma after training.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(70)
x = rng.standard_normal((16, 5)).astype("float32")
y = rng.standard_normal((16, 2)).astype("float32")
model = keras.Sequential([keras.Input(shape=(5,)), layers.Dense(6, activation="tanh"), layers.LayerNormalization(),
                          layers.Dense(2)])
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse")
history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(model.get_weights()[2], 5).tolist())
