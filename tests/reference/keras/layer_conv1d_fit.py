# A Conv1D -> GlobalMaxPooling1D -> Dense model on sequences trained 2 epochs with SGD, no shuffle.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(52)
inputs = keras.Input(shape=(10, 3))
outputs = inputs
for layer in [
    layers.Conv1D(5, 3, padding="causal", activation="tanh"),
    layers.Conv1D(4, 2, strides=2),
    layers.GlobalMaxPooling1D(),
    layers.Dense(1),
]:
    outputs = layer(outputs)
model = keras.Model(inputs, outputs)
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.4 for w in model.get_weights()])
x = rng.standard_normal((12, 10, 3)).astype("float32")
y = rng.standard_normal((12, 1)).astype("float32")
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse")
history = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(model.predict(x[:3], verbose=0), 5).tolist())
