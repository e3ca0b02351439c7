# The keras.ops functions tutorials use most (about 60), each on small seeded arrays: dtype, shape, values.
import numpy as np
from keras import ops

rng = np.random.default_rng(0)
a = rng.standard_normal((3, 4)).astype("float32")
b = rng.standard_normal((4, 2)).astype("float32")
i = np.array([[2, 0], [1, 3]], "int32")


def show(name, value):
    v = ops.convert_to_numpy(value)
    print(name, v.dtype, v.shape, np.round(v, 4).tolist())


calls = {
    "mean": lambda: ops.mean(a, axis=1), "sum": lambda: ops.sum(a), "square": lambda: ops.square(a),
    "sqrt": lambda: ops.sqrt(ops.abs(a)), "exp": lambda: ops.exp(a), "log": lambda: ops.log(ops.abs(a) + 1),
    "maximum": lambda: ops.maximum(a, 0.0), "minimum": lambda: ops.minimum(a, 0.5), "matmul": lambda: ops.matmul(a, b),
    "reshape": lambda: ops.reshape(a, (2, 6)), "transpose": lambda: ops.transpose(a),
    "concatenate": lambda: ops.concatenate([a, a], axis=0), "stack": lambda: ops.stack([a, a]),
    "expand_dims": lambda: ops.expand_dims(a, -1), "squeeze": lambda: ops.squeeze(ops.expand_dims(a, 0)),
    "argmax": lambda: ops.argmax(a, axis=-1), "cast": lambda: ops.cast(a > 0, "float32"),
    "one_hot": lambda: ops.one_hot(np.array([0, 2, 1]), 3), "softmax": lambda: ops.softmax(a),
    "sigmoid": lambda: ops.sigmoid(a), "relu": lambda: ops.relu(a), "tanh": lambda: ops.tanh(a),
    "ones": lambda: ops.ones((2, 3)), "zeros_like": lambda: ops.zeros_like(a), "arange": lambda: ops.arange(0, 5, 2),
    "where": lambda: ops.where(a > 0, a, 0.0), "clip": lambda: ops.clip(a, -0.5, 0.5),
    "top_k": lambda: ops.top_k(a, 2)[0], "sort": lambda: ops.sort(a, axis=-1), "cumsum": lambda: ops.cumsum(a, axis=1),
    "einsum": lambda: ops.einsum("ij,jk->ik", a, b), "norm": lambda: ops.norm(a, axis=1),
    "take": lambda: ops.take(a, i), "take_along_axis": lambda: ops.take_along_axis(a, np.argsort(a, axis=1), axis=1),
    "logsumexp": lambda: ops.logsumexp(a, axis=1), "log_softmax": lambda: ops.log_softmax(a),
    "tile": lambda: ops.tile(a[:1], (2, 1)), "pad": lambda: ops.pad(a, ((1, 0), (0, 1))),
    "split": lambda: ops.split(a, 2, axis=1)[1], "slice": lambda: ops.slice(a, (1, 0), (2, 2)),
    "gelu": lambda: ops.gelu(a), "silu": lambda: ops.silu(a), "erf": lambda: ops.erf(a),
    "floor": lambda: ops.floor(a * 3), "round": lambda: ops.round(a * 3), "sign": lambda: ops.sign(a),
    "var": lambda: ops.var(a, axis=0), "std": lambda: ops.std(a), "max": lambda: ops.max(a, axis=0),
    "min": lambda: ops.min(a), "prod": lambda: ops.prod(a[:, :2], axis=1), "all": lambda: ops.all(a > -5),
    "any": lambda: ops.any(a > 2), "equal": lambda: ops.equal(i, 0), "linspace": lambda: ops.linspace(0, 1, 5),
    "meshgrid": lambda: ops.meshgrid(np.arange(2), np.arange(3))[0], "flip": lambda: ops.flip(a, axis=1),
    "roll": lambda: ops.roll(a, 1, axis=1), "repeat": lambda: ops.repeat(a[:1], 2, axis=0),
    "broadcast_to": lambda: ops.broadcast_to(a[:1], (2, 4)), "outer": lambda: ops.outer(a[0], b[:, 0]),
    "dot": lambda: ops.dot(a, b), "tensordot": lambda: ops.tensordot(a, b, axes=1),
    "moments": lambda: ops.moments(a, axes=[0])[1], "normalize": lambda: ops.normalize(a, axis=-1),
    "segment_sum": lambda: ops.segment_sum(a, np.array([0, 0, 1]), num_segments=2),
    "scatter": lambda: ops.scatter(np.array([[0], [2]]), np.array([1.0, 2.0], "float32"), (4,)),
}
for name, call in calls.items():
    try:
        show(name, call())
    except Exception as exc:
        print(name, "raised", type(exc).__name__)
