# A keras.metrics.Metric subclass with update_state/result/reset_state, standalone and in compile.
import keras
import numpy as np
from keras import layers, ops


class CategoricalTruePositives(keras.metrics.Metric):
    def __init__(self, name="categorical_true_positives", **kwargs):
        super().__init__(name=name, **kwargs)
        self.true_positives = self.add_variable(shape=(), name="ctp", initializer="zeros")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = ops.reshape(ops.argmax(y_pred, axis=1), (-1, 1))
        values = ops.cast(y_true, "int32") == ops.cast(y_pred, "int32")
        values = ops.cast(values, "float32")
        if sample_weight is not None:
            sample_weight = ops.cast(sample_weight, "float32")
            values = ops.multiply(values, sample_weight)
        self.true_positives.assign_add(ops.sum(values))

    def result(self):
        return self.true_positives

    def reset_state(self):
        self.true_positives.assign(0.0)


metric = CategoricalTruePositives()
metric.update_state(np.array([[0], [1], [2]]), np.array([[0.9, 0.1, 0.0], [0.2, 0.7, 0.1], [0.5, 0.3, 0.2]]))
print(float(metric.result()))
metric.update_state(np.array([[1]]), np.array([[0.1, 0.8, 0.1]]))
print(float(metric.result()), metric.name)
metric.reset_state()
print(float(metric.result()))
rng = np.random.default_rng(2)
model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3, activation="softmax")])
model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy",
              metrics=[CategoricalTruePositives()])
x = rng.standard_normal((10, 4)).astype("float32")
y = rng.integers(0, 3, (10, 1))
history = model.fit(x, y, batch_size=5, epochs=2, shuffle=False, verbose=0)
for key in sorted(history.history):
    print(key, np.round(history.history[key], 4).tolist())
