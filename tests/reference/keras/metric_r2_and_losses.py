# R2Score (each class_aggregation, adjusted with num_regressors, sample weights) and the loss-like metrics
# LogCoshError, KLDivergence, Poisson, CosineSimilarity and the crossentropies, accumulated over batches.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(32)
y_true = rng.standard_normal((10, 3)).astype("float32") * np.array([1.0, 2.0, 0.5], "float32")
y_pred = y_true + rng.standard_normal((10, 3)).astype("float32") * 0.7
weights = rng.uniform(0.0, 2.0, 10).astype("float32")
for metric in (keras.metrics.R2Score(), keras.metrics.R2Score(class_aggregation=None),
               keras.metrics.R2Score(class_aggregation="variance_weighted_average"),
               keras.metrics.R2Score(num_regressors=3)):
    metric.update_state(y_true[:6], y_pred[:6])
    metric.update_state(y_true[6:], y_pred[6:])
    print(metric.name, metric.get_config()["class_aggregation"])
    show(metric.result())
    metric.reset_state()
    metric.update_state(y_true, y_pred, sample_weight=weights)
    show(metric.result())

positive_true = rng.uniform(0.0, 1.0, (10, 3)).astype("float32")
positive_pred = rng.uniform(0.05, 1.0, (10, 3)).astype("float32")
probabilities = positive_pred / positive_pred.sum(axis=1, keepdims=True)
labels = rng.integers(0, 3, 10)
onehot = np.eye(3, dtype="float32")[labels]
binary = (positive_true > 0.5).astype("float32")
cases = [
    (keras.metrics.LogCoshError(), y_true, y_pred),
    (keras.metrics.KLDivergence(), positive_true, probabilities),
    (keras.metrics.Poisson(), positive_true, positive_pred),
    (keras.metrics.CosineSimilarity(), y_true, y_pred),
    (keras.metrics.BinaryCrossentropy(), binary, positive_pred),
    (keras.metrics.BinaryCrossentropy(from_logits=True, label_smoothing=0.1), binary, y_pred),
    (keras.metrics.CategoricalCrossentropy(), onehot, probabilities),
    (keras.metrics.CategoricalCrossentropy(from_logits=True, label_smoothing=0.2), onehot, y_pred),
    (keras.metrics.SparseCategoricalCrossentropy(), labels, probabilities),
    (keras.metrics.SparseCategoricalCrossentropy(from_logits=True), labels, y_pred),
]
for metric, target, output in cases:
    metric.update_state(target[:4], output[:4])
    metric.update_state(target[4:], output[4:], sample_weight=weights[4:])
    print(metric.name)
    show(metric.result())
