# Every keras.activations function, called with its default arguments, on values around its kinks.
import keras
import numpy as np

x = np.array([[-6.0, -3.0, -2.5, -1.0, -0.6, -0.3, 0.2, 0.5, 0.9, 1.5, 3.5, 7.0]], dtype="float32")
for name in [
    "celu", "elu", "exponential", "gelu", "hard_shrink", "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh",
    "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish", "relu", "relu6", "selu", "sigmoid", "silu",
    "soft_shrink", "softmax", "softplus", "softsign", "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus",
    "swish", "tanh", "tanh_shrink",
]:
    fn = getattr(keras.activations, name)
    print(name, np.round(keras.ops.convert_to_numpy(fn(x)), 5).tolist())
