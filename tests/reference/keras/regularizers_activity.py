# Activity regularizers: Dense(activity_regularizer=...) and ActivityRegularization add R(y) / batch size to
# the loss of each call; evaluate and fit include them; the config of the layer keeps them.
import keras
import numpy as np
from keras import layers, regularizers

rng = np.random.default_rng(73)
x = rng.standard_normal((12, 4)).astype("float32")
y = rng.standard_normal((12, 2)).astype("float32")
model = keras.Sequential([keras.Input((4,)), layers.Dense(5, activation="tanh", activity_regularizer="l2"),
                          layers.ActivityRegularization(l1=0.05),
                          layers.Dense(2, activity_regularizer=regularizers.L1(0.02))])
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
plain = keras.Sequential([keras.Input((4,)), layers.Dense(5, activation="tanh"), layers.Dense(2)])
plain.set_weights(model.get_weights())
for m in (model, plain):
    m.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse")
print(round(float(model.evaluate(x, y, batch_size=12, verbose=0)), 5),
      round(float(plain.evaluate(x, y, batch_size=12, verbose=0)), 5))
print(round(float(model.evaluate(x, y, batch_size=4, verbose=0)), 5))
_ = model(x[:3])
print(len(model.losses), [round(float(keras.ops.convert_to_numpy(v)), 5) for v in model.losses])
history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
print(np.round(history.history["loss"], 5).tolist())
print(np.round(model.get_weights()[0][0], 5).tolist())
layer = layers.ActivityRegularization(l1=0.1, l2=0.2)
print({k: layer.get_config()[k] for k in ("l1", "l2")}, "activity_regularizer" in layer.get_config())
print(layers.Dense(3).get_config().get("activity_regularizer"),
      layers.Dense(3, activity_regularizer="l1").activity_regularizer is not None)
