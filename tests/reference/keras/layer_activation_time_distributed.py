# TimeDistributed applies one Dense (one set of weights) to every time step; then a fit.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(134)
x = rng.standard_normal((6, 4, 3)).astype("float32")
inputs = keras.Input(shape=(4, 3))
hidden = layers.TimeDistributed(layers.Dense(5, activation="tanh"))(inputs)
outputs = layers.TimeDistributed(layers.Dense(2))(layers.ELU()(hidden))
model = keras.Model(inputs, outputs)
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
print([list(w.shape) for w in model.get_weights()], model.count_params(), list(model.output_shape))
y = model.predict(x, verbose=0)
print(np.round(y, 5).tolist())
w, b = model.get_weights()[:2]
print(np.allclose(y[:, 1], model.predict(x, verbose=0)[:, 1]), np.round(np.tanh(x[:, 2] @ w + b), 5).tolist())
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
history = model.fit(x, x[:, :, :2] * 2, batch_size=3, epochs=3, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(model.get_weights()[2], 5).tolist())
