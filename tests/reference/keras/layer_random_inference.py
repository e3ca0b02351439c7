# RandomFlip, RandomCrop (crop size = image size) and RandomRotation are the identity at predict time.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(31)


def run(layer, x):
    """Predict with a one-layer functional model whose weights come from the generator."""
    inputs = keras.Input(shape=x.shape[1:])
    model = keras.Model(inputs, layer(inputs))
    model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
    y = model.predict(x, verbose=0)
    print(list(y.shape), [list(w.shape) for w in model.get_weights()])
    print(np.round(y, 6).tolist())


x = rng.standard_normal((2, 4, 4, 3)).astype("float32")
run(layers.RandomFlip(), x)
run(layers.RandomFlip("horizontal", seed=1), x)
run(layers.RandomCrop(4, 4, seed=2), x)
run(layers.RandomRotation(0.2, seed=3), x)
