# A two-layer Sequential model with weights set from NumPy predicts the same numbers.
import keras
import numpy as np
from keras import layers

model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(4, activation="tanh"), layers.Dense(2)])
rng = np.random.default_rng(0)
model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
x = rng.standard_normal((5, 3)).astype("float32")
print(np.round(model.predict(x, verbose=0), 5).tolist())
