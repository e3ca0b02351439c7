# Mean and Sum metrics over several updates, with and without sample weights.
import keras
import numpy as np


def show(value):
    print(np.round(np.asarray(value.numpy(), dtype="float64"), 5).tolist())


rng = np.random.default_rng(25)
values = rng.standard_normal(7).astype("float32")
weights = rng.uniform(0.0, 1.0, 7).astype("float32")
mean, total = keras.metrics.Mean(), keras.metrics.Sum()
for v in values[:3]:
    mean.update_state(v)
    total.update_state(v)
mean.update_state(values[3:], sample_weight=weights[3:])
total.update_state(values[3:], sample_weight=weights[3:])
print(mean.name, total.name)
show(mean.result())
show(total.result())
mean.reset_state()
show(mean.result())
