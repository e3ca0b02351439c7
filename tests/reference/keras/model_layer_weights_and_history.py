# Layer weights by index, trainable flags, set_random_seed, summary lines, predict batch_size, history keys.
import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(1)
model = keras.Sequential(name="probe")
model.add(keras.Input(shape=(5,)))
model.add(layers.Dense(4, activation="relu", name="hidden"))
model.add(layers.LayerNormalization(name="norm"))
model.add(layers.Dense(2, name="head"))
print(model.count_params(), len(model.layers), [layer.name for layer in model.layers])
kernel, bias = model.layers[0].get_weights()
print(kernel.shape, bias.shape, bias.tolist())
model.layers[0].set_weights([np.full((5, 4), 0.1, "float32"), np.arange(4, dtype="float32") / 10])
model.layers[2].set_weights([np.ones((4, 2), "float32") * 0.5, np.zeros(2, "float32")])
print(np.round(model.layers[1].get_weights()[0], 3).tolist(), np.round(model.layers[1].get_weights()[1], 3).tolist())
lines = []
model.summary(print_fn=lambda line, **kwargs: lines.append(line))
print(any("hidden" in line for line in lines), any("Total params" in line for line in lines))
x = np.linspace(-1, 1, 35, dtype="float32").reshape(7, 5)
print(np.round(model.predict(x, batch_size=3, verbose=0), 4).tolist())
model.layers[1].trainable = False
print(len(model.trainable_weights), len(model.non_trainable_weights))
model.compile(optimizer="rmsprop", loss="mse", metrics=["mae", "mse"])
history = model.fit(x, np.zeros((7, 2), "float32"), epochs=2, verbose=0, shuffle=False, validation_split=0.3)
print(sorted(history.history), history.params)
print({k: round(v, 4) for k, v in model.evaluate(x, np.zeros((7, 2)), return_dict=True, verbose=0).items()})
