# Hinge, SquaredHinge and CategoricalHinge as metric classes and names in compile; Keras's metric
# functions that are the loss functions (keras.metrics.huber is keras.losses.huber).
import keras
import numpy as np

rng = np.random.default_rng(7)
y = np.sign(rng.normal(size=(6, 2))).astype("float32")
p = rng.normal(size=(6, 2)).astype("float32")
for metric in (keras.metrics.Hinge(), keras.metrics.SquaredHinge(), keras.metrics.CategoricalHinge()):
    metric.update_state(y[:3], p[:3])
    metric.update_state(y[3:], p[3:], sample_weight=np.array([1.0, 0.5, 2.0], "float32"))
    print(metric.name, round(float(metric.result()), 5))
for fn in (keras.metrics.huber, keras.metrics.log_cosh, keras.metrics.hinge, keras.metrics.squared_hinge,
           keras.metrics.categorical_hinge, keras.metrics.mean_squared_logarithmic_error):
    print(fn.__name__, np.round(np.asarray(fn(np.abs(y), np.abs(p))), 5).tolist())
x = rng.normal(size=(8, 3)).astype("float32")
labels = np.sign(rng.normal(size=(8, 1))).astype("float32")
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="tanh")])
model.set_weights([np.full((3, 1), 0.1, "float32"), np.zeros(1, "float32")])
model.compile(optimizer=keras.optimizers.SGD(0.1), loss="hinge", metrics=["hinge", "squared_hinge"])
history = model.fit(x, labels, epochs=3, batch_size=4, shuffle=False, verbose=0)
print({k: [round(v, 5) for v in vals] for k, vals in sorted(history.history.items())})
