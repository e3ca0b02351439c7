# keras.ops linear algebra, diagonals, scatter/segment updates, quantiles, NaN reductions and control flow
# (map, scan, switch) on fixed NumPy inputs.
import numpy as np
from keras import ops

rng = np.random.default_rng(15)
a = rng.standard_normal((3, 4)).astype("float32")
t = rng.standard_normal((2, 3, 4)).astype("float32")
s = (a[:, :3].T @ a[:, :3] + 2 * np.eye(3)).astype("float32")
n = np.where(a > 0.8, np.nan, a).astype("float32")


def show(name, value):
    if isinstance(value, (tuple, list)):
        for k, part in enumerate(value):
            show(f"{name}[{k}]", part)
        return
    value = ops.convert_to_numpy(value)
    print(name, str(value.dtype), list(value.shape), np.round(value.astype("float64"), 4).tolist())


show("det", ops.det(s))
show("inv", ops.inv(s))
show("solve", ops.solve(s, a[:, :2]))
show("cholesky", ops.cholesky(s))
show("logdet", ops.logdet(s))
show("eigvals", ops.eigh(s)[0])
show("singular_values", ops.svd(a, compute_uv=False))
show("diag", ops.diag(a, k=1))
show("diagonal", ops.diagonal(t, offset=1, axis1=1, axis2=2))
show("trace", ops.trace(a))
show("kron", ops.kron(a[:2, :2], np.eye(2, dtype="float32")))
show("inner", ops.inner(a, a))
show("diff", ops.diff(a, axis=0))
show("rot90", ops.rot90(a))
show("array_split", ops.array_split(a, 3, axis=1))
show("dstack", ops.dstack([a, a]))
show("scatter", ops.scatter(np.array([[0, 1], [2, 2], [0, 1]]), np.array([1.0, 2.0, 3.0], "float32"), (3, 3)))
show("scatter_update", ops.scatter_update(a, np.array([[0, 0], [1, 2]]), np.array([9.0, 8.0], "float32")))
show("slice_update", ops.slice_update(a, (1, 2), np.ones((2, 2), "float32")))
show("segment_sum", ops.segment_sum(a, np.array([1, 0, 1]), num_segments=3))
show("segment_max", ops.segment_max(a, np.array([1, 0, 1]), num_segments=2))
show("select", ops.select([a > 1, a < -1], [a * 10, a * 0], default=-1.0))
show("searchsorted", ops.searchsorted(np.array([-1.0, 0.0, 1.0], "float32"), a))
show("bincount", ops.bincount(np.array([1, 1, 4, 0])))
show("quantile", ops.quantile(a, np.array([0.25, 0.5, 0.9]), axis=1))
show("percentile", ops.percentile(t, 60.0, axis=0))
show("nansum", ops.nansum(n, axis=1))
show("nanmean", ops.nanmean(n, axis=0))
show("nanmax", ops.nanmax(n))
show("ptp", ops.ptp(a, axis=1))
for name in ["arcsinh", "erfc", "cbrt", "rsqrt", "sinc", "trunc"]:
    show(name, getattr(ops, name)(np.abs(a) + 0.1))
show("arctan2", ops.arctan2(a, a[::-1].copy()))
show("hypot", ops.hypot(a, 1.0))
show("divide_no_nan", ops.divide_no_nan(a, np.where(a > 0, a, 0.0).astype("float32")))
show("layer_normalization", ops.layer_normalization(a, gamma=np.ones(4, "float32"), beta=np.zeros(4, "float32")))
show("rms_normalization", ops.rms_normalization(a))
show("batch_normalization", ops.batch_normalization(a, np.zeros(4, "float32"), np.ones(4, "float32"), axis=1))
for name in ["celu", "glu", "hard_shrink", "soft_shrink", "hard_silu", "hard_tanh", "tanh_shrink", "sparse_plus",
             "sparse_sigmoid", "squareplus"]:
    show(name, getattr(ops, name)(a * 2))
show("map", ops.map(lambda row: ops.sum(ops.square(row)), ops.convert_to_tensor(a)))
carry, ys = ops.scan(lambda c, row: (c + row, ops.max(c)), ops.zeros((4,)), ops.convert_to_tensor(a))
show("scan_carry", carry)
show("scan_ys", ys)
print("switch", float(ops.switch(1, [lambda x: x + 1.0, lambda x: x * 3.0], 2.0)))
print("dtype", ops.dtype(a), ops.dtype(np.arange(3)))
