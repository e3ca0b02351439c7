# Weight constraints applied after every update: MaxNorm on a Dense kernel, NonNeg on a bias, UnitNorm
# and MinMaxNorm on Conv1D/Dense kernels, by name and by class; the constraint's own call; get_config.
import keras
import numpy as np

w = np.array([[3.0, -0.5], [4.0, 0.2]], "float32")
for c in (keras.constraints.MaxNorm(2.0), keras.constraints.NonNeg(), keras.constraints.UnitNorm(axis=1),
          keras.constraints.MinMaxNorm(0.5, 1.5, rate=0.5)):
    print(type(c).__name__, c.get_config(), np.round(np.asarray(c(w)), 5).tolist())
rng = np.random.default_rng(3)
x = rng.normal(size=(16, 4)).astype("float32") * 3
y = rng.normal(size=(16, 2)).astype("float32") * 5
model = keras.Sequential([
    keras.Input((4,)),
    keras.layers.Dense(3, kernel_constraint=keras.constraints.max_norm(0.5), bias_constraint="non_neg"),
    keras.layers.Dense(2, kernel_constraint=keras.constraints.UnitNorm()),
])
model.set_weights([rng.normal(size=(4, 3)).astype("float32"), np.array([0.5, -0.5, 0.1], "float32"),
                   rng.normal(size=(3, 2)).astype("float32"), np.zeros(2, "float32")])
model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
history = model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0)
print([round(v, 4) for v in history.history["loss"]])
kernel, bias, kernel2, _ = model.get_weights()
print("column norms", np.round(np.sqrt((kernel ** 2).sum(0)), 5).tolist(), "bias", np.round(bias, 5).tolist())
print("unit norms", np.round(np.sqrt((kernel2 ** 2).sum(0)), 5).tolist())
print(model.layers[0].get_config()["kernel_constraint"]["class_name"], model.layers[0].get_config()["bias_constraint"])
conv = keras.Sequential([keras.Input((6, 2)),
                         keras.layers.Conv1D(2, 3, kernel_constraint=keras.constraints.MinMaxNorm(0.1, 0.3))])
conv.compile(optimizer="sgd", loss="mse")
conv.fit(rng.normal(size=(4, 6, 2)).astype("float32"), rng.normal(size=(4, 4, 2)).astype("float32"), epochs=1,
         verbose=0)
k = conv.get_weights()[0]
print("conv norms in range", bool(np.all(np.sqrt((k ** 2).sum((0, 1))) <= 0.3 + 1e-5)),
      bool(np.all(np.sqrt((k ** 2).sum((0, 1))) >= 0.1 - 1e-5)))
