# A channels_first CNN with BatchNormalization(axis=1) trained 2 epochs with SGD on fixed data, no shuffle.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(51)
inputs = keras.Input(shape=(2, 8, 8))
outputs = inputs
for layer in [
    layers.Conv2D(4, 3, padding="same", use_bias=False, data_format="channels_first"),
    layers.BatchNormalization(axis=1),
    layers.Activation("relu"),
    layers.MaxPooling2D(data_format="channels_first"),
    layers.Flatten(),
    layers.Dense(3, activation="softmax"),
]:
    outputs = layer(outputs)
model = keras.Model(inputs, outputs)
weights = [rng.standard_normal(w.shape).astype("float32") * 0.3 for w in model.get_weights()]
weights[1], weights[2], weights[3], weights[4] = np.ones(4), np.zeros(4), np.zeros(4), np.ones(4)
model.set_weights([w.astype("float32") for w in weights])
x = rng.standard_normal((16, 2, 8, 8)).astype("float32")
y = np.eye(3, dtype="float32")[rng.integers(0, 3, 16)]
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="categorical_crossentropy")
history = model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(model.get_weights()[3], 5).tolist(), np.round(model.get_weights()[4], 5).tolist())
print(np.round(model.predict(x[:2], verbose=0), 5).tolist())
