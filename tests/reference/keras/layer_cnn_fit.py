# A small channels-last CNN trained 2 epochs with SGD on fixed data, no shuffle: the losses and predictions.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(49)
inputs = keras.Input(shape=(8, 8, 2))
outputs = inputs
for layer in [
    layers.Conv2D(4, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(6, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(3, activation="softmax"),
]:
    outputs = layer(outputs)
model = keras.Model(inputs, outputs)
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.3 for w in model.get_weights()])
x = rng.standard_normal((16, 8, 8, 2)).astype("float32")
y = np.eye(3, dtype="float32")[rng.integers(0, 3, 16)]
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="categorical_crossentropy")
history = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(model.predict(x[:3], verbose=0), 5).tolist())
