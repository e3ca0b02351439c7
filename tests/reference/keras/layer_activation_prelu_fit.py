# A Dense + PReLU regressor trained with SGD, no shuffle: the losses and the learned slopes.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(133)
x = rng.standard_normal((16, 3)).astype("float32")
y = np.abs(x[:, :2]) - 0.5 * x[:, 2:]
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(4), layers.PReLU(), layers.Dense(2),
                          layers.LeakyReLU(negative_slope=0.1)])
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
history = model.fit(x, y, batch_size=4, epochs=4, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(model.layers[1].get_weights()[0], 5).tolist())
print(np.round(model.get_weights()[0], 5).tolist())
