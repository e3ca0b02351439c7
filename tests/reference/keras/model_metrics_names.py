# model.metrics and model.metrics_names as Keras 3 reports them: before and after compile, with and
# without compiled metrics, after evaluate and fit; compile_metrics' result (a dict), get_metrics_result.
import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(1)
x = rng.standard_normal((8, 3)).astype("float32")
y = rng.integers(0, 2, (8, 1)).astype("float32")


def make():
    m = keras.Sequential([keras.Input((3,)), layers.Dense(1, activation="sigmoid")])
    m.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in m.get_weights()])
    return m
m = make()
print(m.metrics_names, m.metrics)
m.compile(optimizer="sgd", loss="binary_crossentropy")
print(m.metrics_names)
m.fit(x, y, verbose=0)
print(m.metrics_names)
m = make()
m.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy", keras.metrics.AUC(name="auc")])
print(m.metrics_names, [type(v).__name__ for v in m.metrics])
m.evaluate(x, y, verbose=0)
print(m.metrics_names)
print({k: round(float(v), 5) for k, v in m.metrics[1].result().items()})
print(round(float(m.metrics[0].result()), 5))
m.fit(x, y, verbose=0)
print({k: round(float(v), 5) for k, v in m.get_metrics_result().items()})
for mt in m.metrics:
    mt.reset_state()
print(round(float(m.metrics[0].result()), 5))
m = make()
m.compile(optimizer="sgd", loss="binary_crossentropy", metrics=[])
print(m.metrics_names)
m = make()
m.compile(optimizer="sgd", loss="binary_crossentropy", weighted_metrics=["mae"])
m.fit(x, y, verbose=0)
print(m.metrics_names)
