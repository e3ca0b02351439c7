# A feature extractor: a new Model from a trained model's inputs to its intermediate layers' outputs.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(209)
model = keras.Sequential([keras.Input((3,)), layers.Dense(4, activation="relu", name="first"),
                          layers.Dense(2, activation="tanh", name="second"), layers.Dense(1, name="head")])
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
x = rng.standard_normal((5, 3)).astype("float32")
extractor = keras.Model(inputs=model.inputs, outputs=[layer.output for layer in model.layers])
features = extractor.predict(x, verbose=0)
print(len(features), [f.shape for f in features])
print(np.round(features[1], 5).tolist())
print(np.allclose(features[-1], model.predict(x, verbose=0)))
second = keras.Model(model.inputs, model.get_layer("second").output)
print(second.output_shape, np.allclose(second.predict(x, verbose=0), features[1]))
print([layer.name for layer in second.layers])
