# ZeroPadding2D then Conv2D then Cropping2D in a trained model: shapes, history, predictions.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(212)
x = rng.standard_normal((6, 5, 5, 1)).astype("float32")
y = rng.standard_normal((6, 3, 3, 2)).astype("float32")
model = keras.Sequential([keras.Input((5, 5, 1)), layers.ZeroPadding2D(((1, 0), (0, 1))), layers.Conv2D(2, 2),
                          layers.Cropping2D(((1, 1), (0, 2)))])
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
print([layer.output.shape for layer in model.layers])
model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
history = model.fit(x, y, batch_size=3, epochs=2, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(model.predict(x[:1], verbose=0)[0, :, :, 0], 5).tolist())
