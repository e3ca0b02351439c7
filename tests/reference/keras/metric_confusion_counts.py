# TruePositives, FalsePositives, TrueNegatives, FalseNegatives at one and several thresholds, with sample
# weights, accumulated over batches and reset; nonzero targets count positive; evenly spaced thresholds clip
# the predictions to [0, 1] (as Keras); Precision and Recall with top_k and class_id; names and configs.
import keras
import numpy as np

rng = np.random.default_rng(11)
y_true = rng.integers(0, 2, (12, 1)).astype("float32")
y_pred = rng.uniform(0, 1, (12, 1)).astype("float32")
weights = rng.uniform(0, 2, (12,)).astype("float32")
for cls in (keras.metrics.TruePositives, keras.metrics.FalsePositives, keras.metrics.TrueNegatives,
            keras.metrics.FalseNegatives):
    single = cls()
    single.update_state(y_true[:6], y_pred[:6])
    single.update_state(y_true[6:], y_pred[6:])
    several = cls(thresholds=[0.2, 0.45, 0.7])
    several.update_state(y_true, y_pred, sample_weight=weights)
    evenly = cls(thresholds=[0.0, 0.5, 1.0])
    evenly.update_state([0, 1, 1, 1, 0.3, 0], [0.0, 0.5, 1.0, 1.5, 0.8, -0.2])
    print(cls.__name__, single.name, float(single.result()), np.round(several.result(), 4).tolist(),
          np.round(evenly.result(), 4).tolist(), single.get_config()["thresholds"], several.get_config()["thresholds"])
    single.reset_state()
    print(float(single.result()))

labels = np.eye(4, dtype="float32")[rng.integers(0, 4, 8)]
scores = (0.4 * labels + rng.uniform(0, 0.7, (8, 4))).astype("float32")
for cls in (keras.metrics.Precision, keras.metrics.Recall):
    for kwargs in ({}, {"top_k": 1}, {"top_k": 2}, {"class_id": 2}, {"class_id": 1, "thresholds": [0.3, 0.6]}):
        metric = cls(**kwargs)
        metric.update_state(labels, scores)
        config = metric.get_config()
        print(cls.__name__, kwargs, np.round(metric.result(), 4).tolist(),
              {key: config[key] for key in ("thresholds", "top_k", "class_id")})

model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1, activation="sigmoid")])
model.set_weights([np.array([[0.5], [-1.0], [0.8]], "float32"), np.array([0.1], "float32")])
model.compile(optimizer="sgd", loss="binary_crossentropy",
              metrics=["true_positives", "false_negatives", keras.metrics.FalsePositives(name="fp"),
                       keras.metrics.TrueNegatives(thresholds=[0.3, 0.6], name="tn")])
x = rng.standard_normal((16, 3)).astype("float32")
y = (x[:, :1] > 0).astype("float32")
logs = model.evaluate(x, y, batch_size=4, verbose=0, return_dict=True)
print(sorted(logs))
print({key: np.round(np.asarray(value, dtype="float64"), 4).tolist() for key, value in sorted(logs.items())})
