# BatchNormalization in training: moving = moving*momentum + batch*(1 - momentum), with the biased batch variance.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(42)
x = (rng.standard_normal((8, 3)) * [1.0, 2.0, 0.5] + [0.0, 1.0, -2.0]).astype("float32")
inputs = keras.Input(shape=(3,))
outputs = inputs
for layer in [
    layers.BatchNormalization(momentum=0.9),
]:
    outputs = layer(outputs)
model = keras.Model(inputs, outputs)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="mse")
model.fit(x, np.zeros((8, 3), dtype="float32"), batch_size=8, epochs=2, shuffle=False, verbose=0)
gamma, beta, moving_mean, moving_variance = model.get_weights()
print(np.round(moving_mean, 6).tolist())
print(np.round(moving_variance, 6).tolist())
print(np.round(model.predict(x[:2], verbose=0), 5).tolist())
