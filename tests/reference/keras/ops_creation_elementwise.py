# keras.ops creation functions and elementwise maths on fixed NumPy inputs: values, shapes and dtypes.
import numpy as np
from keras import ops

rng = np.random.default_rng(11)
a = rng.standard_normal((2, 3)).astype("float32")
b = rng.standard_normal((2, 3)).astype("float32")
p = (rng.random((2, 3)) + 0.5).astype("float32")
i = np.array([[4, -1, 0], [7, 2, -3]])


def show(name, value):
    value = ops.convert_to_numpy(value)
    print(name, str(value.dtype), np.round(value.astype("float64"), 5).tolist())


show("arange", ops.arange(2, 9, 3))
show("arange_float", ops.arange(0.0, 1.0, 0.3))
show("ones", ops.ones((2, 2)))
show("zeros_int", ops.zeros((3,), dtype="int32"))
show("full", ops.full((2,), 7))
show("full_like", ops.full_like(a, -1.5))
show("ones_like_int", ops.ones_like(i))
show("eye", ops.eye(3, 4, k=1))
show("identity", ops.identity(2))
show("linspace", ops.linspace(-1.0, 1.0, 5))
show("tri", ops.tri(3, 3, k=0))
show("tril", ops.tril(a))
show("triu", ops.triu(a, k=1))
for name in ["sign", "floor", "ceil", "sin", "cos", "tan", "arctan", "sinh", "cosh", "erf", "expm1", "exp2"]:
    show(name, getattr(ops, name)(a * 2))
for name in ["reciprocal", "log1p", "log2", "log10", "sqrt"]:
    show(name, getattr(ops, name)(p))
show("round", ops.round(a * 10))
show("round_2", ops.round(a, decimals=2))
show("mod", ops.mod(a * 4, 1.5))
show("mod_int", ops.mod(i, 3))
show("floor_divide", ops.floor_divide(a * 4, 1.5))
show("true_divide", ops.true_divide(i, 2))
show("logaddexp", ops.logaddexp(a, b))
show("sin_int", ops.sin(i))
x = np.array([np.nan, 1.0, np.inf, -np.inf], dtype="float32")
show("isnan", ops.isnan(x))
show("isinf", ops.isinf(x))
show("isfinite", ops.isfinite(x))
show("nan_to_num", ops.nan_to_num(x, nan=-1.0, posinf=5.0, neginf=-5.0))
for name in ["equal", "not_equal", "greater", "greater_equal", "less", "less_equal"]:
    show(name, getattr(ops, name)(a, b))
show("equal_scalar", ops.equal(i, 2))
show("logical_and", ops.logical_and(a > 0, b > 0))
show("logical_or", ops.logical_or(a > 0, b > 0))
show("logical_xor", ops.logical_xor(a > 0, b > 0))
show("logical_not", ops.logical_not(a > 0))
