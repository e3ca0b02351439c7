# Loss objects with reduction="sum", "none" and "sum_over_batch_size", and a sample_weight argument.
import numpy as np
from keras import losses, ops

y_true = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype="float32")
y_pred = np.array([[0.8, 0.1], [0.4, 0.7], [0.6, 0.9]], dtype="float32")
weights = np.array([1.0, 0.5, 2.0], dtype="float32")
for cls in [losses.MeanSquaredError, losses.MeanAbsoluteError, losses.BinaryCrossentropy, losses.Huber]:
    for reduction in ["sum_over_batch_size", "sum", "none"]:
        loss = cls(reduction=reduction)
        plain = ops.convert_to_numpy(loss(y_true, y_pred))
        weighted = ops.convert_to_numpy(loss(y_true, y_pred, sample_weight=weights))
        print(cls.__name__, reduction, np.round(plain, 5).tolist(), np.round(weighted, 5).tolist())
labels = np.array([0, 1, 1])
logits = np.array([[2.0, 0.5], [0.1, 0.3], [1.0, -1.0]], dtype="float32")
scce = losses.SparseCategoricalCrossentropy(from_logits=True, reduction="none")
print(np.round(ops.convert_to_numpy(scce(labels, logits)), 5).tolist())
print(round(float(losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits, sample_weight=weights)), 5))
