# A small CNN with BatchNormalization between Conv2D and ReLU, trained with fit: history, moving statistics.
# reference: rtol=1e-3 atol=1e-4
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(205)
x = rng.standard_normal((12, 6, 6, 2)).astype("float32")
y = rng.integers(0, 3, 12)
model = keras.Sequential([
    keras.Input((6, 6, 2)),
    layers.Conv2D(4, 3, use_bias=False),
    layers.BatchNormalization(),
    layers.Activation("relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(3, activation="softmax"),
])
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") if i not in (3, 4) else
                   np.abs(rng.uniform(0.5, 1.5, w.shape)).astype("float32") if i == 4 else np.zeros(w.shape, "float32")
                   for i, w in enumerate(model.get_weights())])
model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
for key in history.history:
    print(key, np.round(history.history[key], 4).tolist())
bn = model.layers[1]
print([w.name for w in bn.weights], len(bn.trainable_weights), len(bn.non_trainable_weights))
print(np.round(keras.ops.convert_to_numpy(bn.moving_mean), 4).tolist())
print(np.round(keras.ops.convert_to_numpy(bn.moving_variance), 4).tolist())
print(np.round(model.predict(x[:2], verbose=0), 4).tolist())
