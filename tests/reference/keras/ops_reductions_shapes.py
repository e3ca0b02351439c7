# keras.ops reductions, shape and index functions, products and sorting on fixed NumPy inputs.
import numpy as np
from keras import ops

rng = np.random.default_rng(12)
a = rng.standard_normal((3, 4)).astype("float32")
t = rng.standard_normal((2, 3, 4)).astype("float32")
m = rng.standard_normal((4, 2)).astype("float32")
v = rng.standard_normal(4).astype("float32")
i = np.array([[2, 0, 2], [1, 3, 3]])


def show(name, value):
    if isinstance(value, (tuple, list)):
        for k, part in enumerate(value):
            show(f"{name}[{k}]", part)
        return
    value = ops.convert_to_numpy(value)
    print(name, str(value.dtype), list(value.shape), np.round(value.astype("float64"), 5).tolist())


show("prod", ops.prod(a, axis=1))
show("std", ops.std(a, axis=0))
show("var", ops.var(a, keepdims=True))
show("any", ops.any(a > 1.5, axis=0))
show("all", ops.all(a > -3.0))
show("cumsum", ops.cumsum(a, axis=0))
show("cumprod", ops.cumprod(a[:, :2]))
show("logsumexp", ops.logsumexp(a, axis=-1))
show("count_nonzero", ops.count_nonzero(i, axis=0))
show("average", ops.average(a, axis=1, weights=np.array([1.0, 2.0, 0.5, 0.5], dtype="float32")))
show("median", ops.median(a, axis=1))
show("mean_int", ops.mean(i))
show("split", ops.split(a, 2, axis=1))
show("split_at", ops.split(a, [1], axis=0))
show("tile", ops.tile(v, (2, 1)))
show("repeat", ops.repeat(i, 2, axis=1))
show("flip", ops.flip(a, axis=0))
show("roll", ops.roll(a, 1, axis=1))
show("pad", ops.pad(a, ((0, 1), (2, 0)), constant_values=9.0))
show("pad_reflect", ops.pad(a, ((1, 1), (1, 1)), mode="reflect"))
show("take", ops.take(a, np.array([3, 0]), axis=1))
show("take_along_axis", ops.take_along_axis(a, np.argmax(a, axis=1)[:, None], axis=1))
show("slice", ops.slice(t, (1, 0, 1), (1, 2, 3)))
show("dot", ops.dot(a, m))
show("dot_vec", ops.dot(v, v))
show("tensordot", ops.tensordot(t, a, axes=2))
show("outer", ops.outer(v[:3], v))
show("einsum", ops.einsum("bij,jk->bik", t, m))
show("vstack", ops.vstack([a, a[:1]]))
show("hstack", ops.hstack([a, m[:3]]))
show("swapaxes", ops.swapaxes(t, 1, 2))
show("moveaxis", ops.moveaxis(t, 0, -1))
show("broadcast_to", ops.broadcast_to(v, (2, 4)))
show("ravel", ops.ravel(a[:2]))
show("size", ops.size(t))
print("ndim", ops.ndim(t))
show("argsort", ops.argsort(a, axis=1))
show("sort", ops.sort(a, axis=0))
show("top_k", ops.top_k(a, 2))
show("meshgrid", ops.meshgrid(np.arange(3), np.arange(2)))
show("nonzero", ops.nonzero(i > 1))
show("unique", ops.unique(i, return_counts=True))
