# Every keras.initializers class: its config, its serialized form, and the deterministic ones' values.
import keras
import numpy as np
from keras import initializers

built = [initializers.Constant(0.3), initializers.Zeros(), initializers.Ones(),
         initializers.RandomNormal(mean=0.5, stddev=0.2, seed=1), initializers.RandomUniform(-1.0, 1.0, seed=2),
         initializers.TruncatedNormal(stddev=0.1, seed=3), initializers.VarianceScaling(2.0, "fan_out", "uniform"),
         initializers.GlorotNormal(seed=4), initializers.GlorotUniform(), initializers.HeNormal(seed=5),
         initializers.HeUniform(), initializers.LecunNormal(), initializers.LecunUniform(seed=6),
         initializers.Orthogonal(gain=2.0), initializers.Identity()]
for init in built:
    print(type(init).__name__, sorted(init.get_config().items()))
    print(" ", initializers.serialize(init)["class_name"], sorted(initializers.serialize(init)["config"]))
for name in ["zeros", "ones", "glorot_uniform", "he_normal", "truncated_normal", "lecun_normal", "variance_scaling",
             "random_normal", "orthogonal", "identity"]:
    print(name, type(initializers.get(name)).__name__)
print(keras.ops.convert_to_numpy(initializers.Constant(0.25)((2, 3))).tolist())
print(keras.ops.convert_to_numpy(initializers.Identity(gain=2.0)((3, 4))).tolist())
print(keras.ops.convert_to_numpy(initializers.Ones()((2, 2), dtype="float32")).dtype)
q = keras.ops.convert_to_numpy(initializers.Orthogonal(seed=7)((6, 4)))
print(q.shape, np.allclose(q.T @ q, np.eye(4), atol=1e-5))
again = initializers.deserialize(initializers.serialize(initializers.RandomUniform(-0.2, 0.4, seed=9)))
print(type(again).__name__, sorted(again.get_config().items()))
