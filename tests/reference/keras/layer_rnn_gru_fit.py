# A Bidirectional GRU regressor trained 3 epochs with Adam, no shuffle: the losses and a weight after training.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(68)
x = rng.standard_normal((12, 5, 2)).astype("float32")
y = x[:, -1, :1] - x[:, 0, 1:]
model = keras.Sequential([keras.Input(shape=(5, 2)), layers.Bidirectional(layers.GRU(3)), layers.Dense(1)])
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.4 for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(model.get_weights()[2], 5).tolist())
