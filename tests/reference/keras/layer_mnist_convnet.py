# The mnist_convnet example, on a small slice of fake digits with weights set from NumPy.
import keras
import numpy as np
from keras import layers

num_classes = 4
input_shape = (12, 12, 1)
rng = np.random.default_rng(0)
x_train = rng.integers(0, 256, (24, 12, 12)).astype("float32") / 255
x_train = np.expand_dims(x_train, -1)
y_train = keras.utils.to_categorical(rng.integers(0, num_classes, 24), num_classes)
print("x_train shape:", x_train.shape, y_train.shape)
model = keras.Sequential([
    keras.Input(shape=input_shape),
    layers.Conv2D(4, kernel_size=(3, 3), activation="relu"),
    layers.MaxPooling2D(pool_size=(2, 2)),
    layers.Conv2D(6, kernel_size=(3, 3), activation="relu"),
    layers.MaxPooling2D(pool_size=(2, 2)),
    layers.Flatten(),
    layers.Dropout(0.5),
    layers.Dense(num_classes, activation="softmax"),
])
model.set_weights([rng.uniform(-0.3, 0.3, w.shape).astype("float32") for w in model.get_weights()])
print([layer.output.shape for layer in model.layers])
print(model.count_params())
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.layers[-2].rate = 0.0
history = model.fit(x_train, y_train, batch_size=8, epochs=2, validation_split=0.25, shuffle=False, verbose=0)
for key in history.history:
    print(key, np.round(history.history[key], 4).tolist())
score = model.evaluate(x_train, y_train, verbose=0)
print("Test loss:", round(score[0], 4), "Test accuracy:", round(score[1], 4))
