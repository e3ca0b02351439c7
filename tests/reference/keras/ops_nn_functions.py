# keras.ops neural-network functions: activations, elementwise cross-entropies, moments, normalize, one/multi-hot.
import numpy as np
from keras import ops

rng = np.random.default_rng(13)
z = (2 * rng.standard_normal((3, 4))).astype("float32")
p = ops.convert_to_numpy(ops.softmax(z, axis=-1))
labels = np.array([1, 0, 3])
onehot = np.eye(4, dtype="float32")[labels]


def show(name, value):
    value = ops.convert_to_numpy(value)
    print(name, str(value.dtype), np.round(value.astype("float64"), 5).tolist())


for name in ["gelu", "silu", "swish", "softplus", "softsign", "selu", "relu6", "hard_sigmoid", "log_sigmoid"]:
    show(name, getattr(ops, name)(z))
show("gelu_exact", ops.gelu(z, approximate=False))
show("elu", ops.elu(z, alpha=0.3))
show("leaky_relu", ops.leaky_relu(z))
show("leaky_relu_0.05", ops.leaky_relu(z, negative_slope=0.05))
show("log_softmax", ops.log_softmax(z, axis=0))
show("bce", ops.binary_crossentropy(onehot, p))
show("bce_logits", ops.binary_crossentropy(onehot, z, from_logits=True))
show("cce", ops.categorical_crossentropy(onehot, p))
show("cce_logits", ops.categorical_crossentropy(onehot, z, from_logits=True))
show("scce", ops.sparse_categorical_crossentropy(labels, p))
show("scce_logits", ops.sparse_categorical_crossentropy(labels, z, from_logits=True))
mean, variance = ops.moments(z, axes=[0])
show("moments_mean", mean)
show("moments_var", variance)
show("normalize", ops.normalize(z))
show("normalize_l1", ops.normalize(z, axis=0, order=1))
show("one_hot", ops.one_hot(labels, 4))
show("multi_hot", ops.multi_hot(np.array([[0, 2], [3, 3]]), 4))
show("stop_gradient", ops.stop_gradient(ops.convert_to_tensor(z)))
print("cond", float(ops.cond(ops.greater(ops.sum(z), 0.0), lambda: 1.0, lambda: -1.0)))
total = ops.fori_loop(0, 3, lambda k, acc: acc + ops.square(z[k]), ops.zeros((4,)))
print("fori_loop", np.round(ops.convert_to_numpy(total), 5).tolist())
print("while_loop", [int(x) for x in ops.while_loop(lambda k, s: k < 4, lambda k, s: (k + 1, s + k), (0, 0))])
