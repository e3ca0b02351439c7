# Dense on 3-D inputs is applied to the last axis, as Keras's; its weights and the output shape.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(98)


def set_seeded_weights(model):
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])

model = keras.Sequential([keras.Input(shape=(4, 3)), layers.Dense(2), layers.Flatten(), layers.Dense(1)])
print([tuple(w.shape) for w in model.weights], model.output_shape)
set_seeded_weights(model)
x = rng.standard_normal((2, 4, 3)).astype("float32")
print(np.round(model.predict(x, verbose=0), 5).tolist())
print(np.round(keras.ops.convert_to_numpy(model.layers[0](x)), 5).tolist()[0])
