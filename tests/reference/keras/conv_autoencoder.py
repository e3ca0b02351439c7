# A convolutional autoencoder: strided Conv2D down, Conv2DTranspose and UpSampling2D back, trained on MSE.
# reference: rtol=1e-3 atol=1e-4
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(206)
images = rng.uniform(0, 1, (8, 8, 8, 1)).astype("float32")
inputs = keras.Input((8, 8, 1))
h = layers.Conv2D(4, 3, strides=2, padding="same", activation="relu")(inputs)
h = layers.Conv2D(2, 3, strides=2, padding="same", activation="relu")(h)
h = layers.Conv2DTranspose(4, 3, strides=2, padding="same", activation="relu")(h)
h = layers.UpSampling2D(2)(h)
outputs = layers.Conv2D(1, 3, padding="same", activation="sigmoid")(h)
model = keras.Model(inputs, outputs)
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
print([layer.output.shape for layer in model.layers])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
history = model.fit(images, images, batch_size=4, epochs=3, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(model.predict(images[:1], verbose=0)[0, :2, :, 0], 4).tolist())
