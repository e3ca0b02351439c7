# SensitivityAtSpecificity, SpecificityAtSensitivity, PrecisionAtRecall, RecallAtPrecision: Keras's thresholds
# (num_thresholds evenly spaced in [0, 1], 0.5 alone for 1), sample weights, class_id, an unreachable constraint
# (0), accumulation over batches; configs; in compile and evaluate.
import keras
import numpy as np

rng = np.random.default_rng(12)
y_true = rng.integers(0, 2, (40,)).astype("float32")
y_pred = np.clip(0.35 * y_true + rng.uniform(0, 0.65, (40,)), 0, 1).astype("float32")
weights = rng.uniform(0, 2, (40,)).astype("float32")
for cls, values in ((keras.metrics.SensitivityAtSpecificity, (0.0, 0.5, 0.8, 1.0)),
                    (keras.metrics.SpecificityAtSensitivity, (0.0, 0.5, 0.8, 1.0)),
                    (keras.metrics.PrecisionAtRecall, (0.3, 0.7, 1.0)),
                    (keras.metrics.RecallAtPrecision, (0.5, 0.8, 1.0))):
    for value in values:
        row = []
        for num_thresholds in (200, 7, 1):
            metric = cls(value, num_thresholds=num_thresholds)
            metric.update_state(y_true[:20], y_pred[:20])
            metric.update_state(y_true[20:], y_pred[20:])
            row.append(round(float(metric.result()), 4))
        weighted = cls(value, num_thresholds=50)
        weighted.update_state(y_true, y_pred, sample_weight=weights)
        row.append(round(float(weighted.result()), 4))
        print(cls.__name__, value, row)
    config = cls(values[1], num_thresholds=9, class_id=1).get_config()
    print({key: value for key, value in config.items() if key != "name"})

labels = np.eye(3, dtype="float32")[rng.integers(0, 3, 30)]
scores = (0.15 * labels + rng.uniform(0, 0.7, (30, 3))).astype("float32")
for cls in (keras.metrics.SensitivityAtSpecificity, keras.metrics.RecallAtPrecision):
    metric = cls(0.4, class_id=2)
    metric.update_state(labels, scores)
    print(cls.__name__, "class 2", round(float(metric.result()), 4))
print(float(keras.metrics.PrecisionAtRecall(0.5)([0, 0, 0], [0.2, 0.6, 0.9])))

model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")])
model.set_weights([np.array([[1.5], [-0.7]], "float32"), np.array([0.2], "float32")])
model.compile(optimizer="sgd", loss="binary_crossentropy",
              metrics=[keras.metrics.SensitivityAtSpecificity(0.6, name="sas"),
                       keras.metrics.PrecisionAtRecall(0.5, name="par")])
x = rng.standard_normal((24, 2)).astype("float32")
y = (x[:, :1] + 0.3 * x[:, 1:] > 0).astype("float32")
logs = model.evaluate(x, y, batch_size=8, verbose=0, return_dict=True)
print(sorted(logs))
print({key: round(float(value), 4) for key, value in sorted(logs.items())})
