# A functional residual block: Add skip connection, Multiply gate and Average of two heads, trained.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(208)
inputs = keras.Input((4,))
h = layers.Dense(4, activation="relu")(inputs)
skip = layers.Add()([inputs, layers.Dense(4)(h)])
gate = layers.Dense(4, activation="sigmoid")(inputs)
gated = layers.Multiply()([skip, gate])
out = layers.Average()([layers.Dense(1)(gated), layers.Dense(1)(skip)])
model = keras.Model(inputs, out)
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
x = rng.standard_normal((16, 4)).astype("float32")
y = x.sum(axis=1, keepdims=True).astype("float32")
model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse", metrics=["mae"])
history = model.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0)
for key in history.history:
    print(key, np.round(history.history[key], 5).tolist())
print([type(layer).__name__ for layer in model.layers])
print(np.round(model.predict(x[:3], verbose=0), 5).tolist())
