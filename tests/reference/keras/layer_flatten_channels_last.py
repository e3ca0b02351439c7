# Conv2D -> MaxPooling2D -> Flatten -> Dense on channels-last images: Flatten's order is Keras's (H, W, C).
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(48)
inputs = keras.Input(shape=(6, 6, 3))
outputs = inputs
for layer in [
    layers.Conv2D(4, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(3, activation="softmax"),
]:
    outputs = layer(outputs)
model = keras.Model(inputs, outputs)
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
x = rng.standard_normal((2, 6, 6, 3)).astype("float32")
print([list(w.shape) for w in model.get_weights()])
print(np.round(model.predict(x, verbose=0), 5).tolist())
