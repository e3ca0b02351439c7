# Large draws from each random initializer: the mean, the spread and the limits Keras documents.
# reference: rtol=0.03 atol=0.03
import keras
import numpy as np
from keras import initializers

keras.utils.set_random_seed(0)  # unseeded draws made the 1,152-value conv row flaky (its spread is ±0.02)

shape = (300, 200)  # fan_in 300, fan_out 200


def draw(init, shape=shape):
    return keras.ops.convert_to_numpy(init(shape)).astype("float64")


for init, std in [(initializers.RandomNormal(stddev=0.3), 0.3), (initializers.TruncatedNormal(stddev=0.3), 0.264),
                  (initializers.GlorotNormal(), np.sqrt(2 / 500)), (initializers.HeNormal(), np.sqrt(2 / 300)),
                  (initializers.LecunNormal(), np.sqrt(1 / 300)), (initializers.HeUniform(), np.sqrt(2 / 300)),
                  (initializers.GlorotUniform(), np.sqrt(2 / 500)), (initializers.LecunUniform(), np.sqrt(1 / 300))]:
    w = draw(init)
    print(type(init).__name__, w.shape, "mean/std", round(w.mean() / std, 1), "std ratio", round(w.std() / std, 2),
          "max/std", round(np.abs(w).max() / std, 1) if "Uniform" in type(init).__name__ else "")
w = draw(initializers.TruncatedNormal(mean=1.0, stddev=0.5))
print("fraction within 2 stddev", round(float(((w >= 0.0) & (w <= 2.0)).mean()), 3))
w = draw(initializers.RandomUniform(minval=2.0, maxval=3.0))
print("uniform", bool(w.min() >= 2.0), bool(w.max() < 3.0), round(w.mean(), 2))
conv = draw(initializers.HeNormal(), (3, 3, 8, 16))
print("conv fan_in 72", round(conv.std() / np.sqrt(2 / 72), 2))
