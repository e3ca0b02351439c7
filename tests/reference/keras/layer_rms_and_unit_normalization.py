# RMSNormalization and UnitNormalization: outputs on sequences and vectors, the scale weight, configs, and a
# short fit through both (losses, the trained scale).
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(72)
x = (rng.standard_normal((4, 3, 6)) * 3.0).astype("float32")
rms = layers.RMSNormalization()
out = keras.ops.convert_to_numpy(rms(x))
print([w.shape for w in rms.get_weights()], np.round(out[0, 0], 4).tolist())
print(np.round(np.sqrt((out ** 2).mean(axis=-1)), 4).tolist()[0])
rms2 = layers.RMSNormalization(axis=[-2, -1], epsilon=0.5)
print([w.shape for w in rms2.get_weights()] if rms2.built else "unbuilt", end=" ")
out2 = keras.ops.convert_to_numpy(rms2(x))
print([w.shape for w in rms2.get_weights()], np.round(out2[1, 2], 4).tolist())
unit = layers.UnitNormalization()
u = keras.ops.convert_to_numpy(unit(x))
print(np.round(u[2, 1], 4).tolist(), np.round(np.linalg.norm(u, axis=-1), 4).tolist()[0])
u1 = keras.ops.convert_to_numpy(layers.UnitNormalization(axis=1)(x))
print(np.round(u1[0, :, 0], 4).tolist(), np.round(np.linalg.norm(u1, axis=1), 4).tolist()[0])
print(np.round(keras.ops.convert_to_numpy(layers.UnitNormalization()(np.zeros((1, 3), "float32"))), 4).tolist())
print({k: v for k, v in rms.get_config().items() if k in ("axis", "epsilon")},
      {k: v for k, v in unit.get_config().items() if k == "axis"})

model = keras.Sequential([keras.Input((6,)), layers.Dense(5), layers.RMSNormalization(), layers.UnitNormalization(),
                          layers.Dense(2)])
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
xs, ys = rng.standard_normal((8, 6)).astype("float32"), rng.standard_normal((8, 2)).astype("float32")
history = model.fit(xs, ys, batch_size=4, epochs=3, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(model.layers[1].get_weights()[0], 5).tolist())
