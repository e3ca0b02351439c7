# SeparableConv2D and DepthwiseConv2D inside a trained model (MobileNet-style blocks).
# reference: rtol=1e-3 atol=1e-4
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(207)
x = rng.standard_normal((10, 7, 7, 3)).astype("float32")
y = np.eye(2, dtype="float32")[rng.integers(0, 2, 10)]
model = keras.Sequential([
    keras.Input((7, 7, 3)),
    layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same", activation="relu"),
    layers.SeparableConv2D(4, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(2, activation="softmax"),
])
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
print([tuple(w.shape) for w in model.get_weights()], model.count_params())
model.compile(optimizer=keras.optimizers.RMSprop(0.01), loss="categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x, y, batch_size=5, epochs=3, shuffle=False, verbose=0)
for key in history.history:
    print(key, np.round(history.history[key], 5).tolist())
print(np.round(model.predict(x[:2], verbose=0), 5).tolist())
