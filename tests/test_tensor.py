"""Tensor semantics: backward, accumulation, no_grad, detach, dtypes, aliasing, errors."""

from __future__ import annotations

import time

import numpy as np
import pytest

import ligero as lg
from conftest import away_from_zero, positive, randn

# ------------------------------------------------------------------ creation


def test_tensor_infers_torch_dtypes():
    # torch's rule (issue 14): ints give int64, floats float32, an array keeps its dtype
    assert lg.tensor([1, 2]).dtype == np.int64
    assert lg.tensor([1.5, 2.5]).dtype == np.float32
    assert lg.tensor(3).dtype == np.int64
    assert lg.tensor(np.array([1, 2], dtype=np.int32)).dtype == np.int32


def test_tensor_keeps_float_arrays_and_honours_dtype():
    assert lg.tensor(np.zeros(2)).dtype == np.float64
    assert lg.tensor(np.zeros(2, dtype=np.float32)).dtype == np.float32
    assert lg.tensor([1, 2], dtype=np.float64).dtype == np.float64
    assert lg.tensor(np.float64(2.0)).dtype == np.float64


def test_only_floating_tensors_can_require_grad():
    with pytest.raises(lg.GradientError, match="floating"):
        lg.tensor([1, 2], dtype=np.int64, requires_grad=True)
    t = lg.tensor([1, 2], dtype=np.int64)
    with pytest.raises(lg.GradientError):
        t.requires_grad_()


def test_basic_properties():
    t = lg.tensor(np.arange(6.0).reshape(2, 3))
    assert t.shape == (2, 3) and t.ndim == 2 and t.numel() == 6 and len(t) == 2
    assert t.is_leaf and t.parents == ()
    assert t.numpy() is t.array
    assert t.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert lg.tensor([[2.5]]).item() == 2.5
    with pytest.raises(RuntimeError, match="6 elements"):  # torch's class and message
        t.item()
    assert "requires_grad=True" in repr(lg.tensor([1.0], requires_grad=True))


def test_op_results_hold_ndarrays_even_when_zero_dimensional():
    a = lg.tensor(2.0, requires_grad=True)
    b = lg.tensor(3.0)
    for out in (a * b, a + b, lg.exp(a), -a, a / b, a - 1.0):
        assert type(out.array) is np.ndarray and out.shape == ()
    assert out.op == "sub" and not out.is_leaf and out.parents[0] is a


# ---------------------------------------------------------------- backward


def test_gradients_accumulate_until_zero_grad():
    x = lg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (x * 2).sum().backward()
    np.testing.assert_array_equal(x.grad, [2, 2, 2])
    (x * x).sum().backward()
    np.testing.assert_array_equal(x.grad, [4, 6, 8])
    x.zero_grad()
    assert x.grad is None
    (x * 2).sum().backward()
    np.testing.assert_array_equal(x.grad, [2, 2, 2])


@pytest.mark.parametrize(
    "f",
    [
        lambda t: t.sum(),
        lambda t: t.mean(),
        lambda t: t.max(),
        lambda t: (t * 2).sum(),
        lambda t: t.sum(axis=0, keepdims=True).sum(),
        lambda t: t.reshape(()),
    ],
    ids=["sum", "mean", "max", "mul-sum", "sum-keepdims", "reshape"],
)
@pytest.mark.parametrize("data", [[0.5], 0.5], ids=["shape (1,)", "0-d"])
def test_small_leaves_accumulate_and_their_grads_are_writable_arrays(f, data):
    x = lg.tensor(data, requires_grad=True)
    f(x).backward()
    first = x.grad_array.copy()
    assert type(x.grad_array) is np.ndarray and x.grad_array.flags.writeable and x.grad.shape == x.shape
    f(x).backward()  # accumulating in place must work
    np.testing.assert_allclose(x.grad, 2 * first)


def test_scalar_leaf_gradient_of_the_design_example():
    x = lg.tensor([2.8, -1.8], requires_grad=True)
    w = lg.tensor([1.45, -0.35], requires_grad=True)
    b = lg.tensor(-4.0, requires_grad=True)
    f = lg.sigmoid(w @ x + b)
    f.backward()
    h = 1.45 * 2.8 + 0.35 * 1.8 - 4.0
    s = 1 / (1 + np.exp(-h))
    assert f.item() == pytest.approx(s, rel=1e-6)
    np.testing.assert_allclose(x.grad, s * (1 - s) * np.array([1.45, -0.35]), rtol=1e-5)
    np.testing.assert_allclose(w.grad, s * (1 - s) * np.array([2.8, -1.8]), rtol=1e-5)
    assert b.grad.shape == () and b.grad.dtype == np.float32
    assert float(b.grad) == pytest.approx(s * (1 - s), rel=1e-5)


def test_non_scalar_backward_without_grad_raises():
    y = lg.tensor([1.0, 2.0], requires_grad=True) * 3
    with pytest.raises(lg.GradientError, match="scalar outputs") as info:
        y.backward()
    assert "(2,)" in str(info.value) and "grad" in str(info.value)


def test_backward_on_tensor_without_grad_raises():
    with pytest.raises(lg.GradientError, match="does not require grad"):
        (lg.tensor([1.0]) * 2).sum().backward()


@pytest.mark.parametrize("as_tensor", [False, True])
def test_backward_with_explicit_grad(as_tensor):
    x = lg.tensor(randn(2, 3), requires_grad=True)
    y = x * 3
    w = randn(2, 3, seed=1)
    y.backward(lg.tensor(w) if as_tensor else w)
    np.testing.assert_allclose(x.grad, 3 * w, rtol=1e-6)
    assert x.grad.dtype == np.float64


def test_backward_with_explicit_grad_on_a_leaf_copies_it():
    x = lg.tensor(np.ones(3), requires_grad=True)
    seed = np.array([1.0, 2.0, 3.0])
    x.backward(seed)
    x.grad[0] = 100
    assert seed[0] == 1.0


def test_backward_with_wrongly_shaped_grad_raises_shape_error():
    y = lg.tensor(randn(2, 3), requires_grad=True) * 2
    with pytest.raises(lg.ShapeError) as info:
        y.backward(np.ones((3, 2)))
    assert "(3, 2)" in str(info.value) and "(2, 3)" in str(info.value)


def test_long_chain_backprops_without_recursion_error():
    x = lg.tensor(0.0, requires_grad=True)
    start = time.perf_counter()
    y = x
    for _ in range(100_000):
        y = y + 1.0
    y.backward()
    elapsed = time.perf_counter() - start
    assert y.item() == 100_000
    assert x.grad == 1.0
    assert elapsed < 15, f"100,000-node chain took {elapsed:.1f} s"
    del y  # freeing the deep graph must not overflow the C stack either


def test_long_chain_of_mixed_ops_has_the_right_gradient():
    x = lg.tensor(1.0, requires_grad=True, dtype=np.float64)
    y = x
    for _ in range(5_000):
        y = y * 1.0001 - 0.0
    y.backward()
    assert float(x.grad) == pytest.approx(1.0001**5_000, rel=1e-9)


def test_no_grad_records_nothing():
    x = lg.tensor([1.0, 2.0], requires_grad=True)
    assert lg.is_grad_enabled()
    with lg.no_grad():
        assert not lg.is_grad_enabled()
        y = (x * 2 + 1).sum()
        with lg.enable_grad():
            z = (x * 2).sum()
    assert lg.is_grad_enabled()
    assert not y.requires_grad and y.is_leaf and y.parents == ()
    with pytest.raises(lg.GradientError):
        y.backward()
    assert z.requires_grad
    z.backward()
    np.testing.assert_array_equal(x.grad, [2, 2])


def test_no_grad_restores_mode_after_an_exception():
    with pytest.raises(RuntimeError), lg.no_grad():
        raise RuntimeError("boom")
    assert lg.is_grad_enabled()


def test_detach_shares_data_and_stops_gradients():
    x = lg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    d = x.detach()
    assert d.array is x.array and not d.requires_grad and d.is_leaf
    (x * d).sum().backward()  # d is a constant: dL/dx = d, not 2x
    np.testing.assert_array_equal(x.grad, [1, 2, 3])
    assert d.grad is None


def test_intermediates_keep_grad_only_when_retained():
    x = lg.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    z = y * y
    z.sum().backward()
    assert y.grad is None and z.grad is None
    x.zero_grad()
    y = x * 3
    assert y.retain_grad() is None  # torch's retain_grad returns None
    z = y * y
    z.sum().backward()
    np.testing.assert_allclose(y.grad, 2 * y.data)
    np.testing.assert_allclose(x.grad, 3 * 2 * y.data)
    assert z.grad is None


def test_retained_grad_does_not_alias_a_leaf_grad():
    x = lg.tensor([1.0, 2.0], requires_grad=True)
    y = x + 0.0
    y.retain_grad()
    (y + x).sum().backward()
    y.grad[:] = 100
    np.testing.assert_array_equal(x.grad, [2, 2])


def test_leaf_without_requires_grad_gets_no_grad():
    x = lg.tensor([1.0, 2.0], requires_grad=True)
    c = lg.tensor([3.0, 4.0])
    (x * c + c).sum().backward()
    assert c.grad is None
    np.testing.assert_array_equal(x.grad, [3, 4])


def test_only_needed_nodes_are_recorded():
    c = lg.tensor([3.0, 4.0])
    assert not (c * 2).requires_grad and (c * 2).parents == ()


# -------------------------------------------------------------- aliasing

ALIASING = [
    ("add", lambda a, b: a + b),
    ("sub", lambda a, b: a - b),
    ("reshape", lambda a, b: a.reshape(2, 3).reshape(6) + b),
    ("transpose", lambda a, b: a.reshape(2, 3).T.reshape(6) + b),
    ("concatenate", lambda a, b: lg.concatenate([a[:3], a[3:]]) + b),
    ("getitem", lambda a, b: a[:] + b),
    ("sum keepdims", lambda a, b: lg.sum(a.reshape(6, 1), axis=1) + b),
    ("where", lambda a, b: lg.where(np.ones(6, bool), a, b)),
    ("stack", lambda a, b: lg.stack([a, b])),
]


@pytest.mark.parametrize("f", [f for _, f in ALIASING], ids=[n for n, _ in ALIASING])
def test_leaf_grads_never_alias(f):
    a = lg.tensor(np.ones(6), requires_grad=True)
    b = lg.tensor(np.ones(6), requires_grad=True)
    f(a, b).sum().backward()
    assert not np.shares_memory(a.grad, b.grad)
    before = b.grad_array.copy()
    a.grad += 10
    np.testing.assert_array_equal(b.grad, before)
    f(a, b).sum().backward()  # accumulating into one must not touch the other
    assert not np.shares_memory(a.grad, b.grad)


# ------------------------------------------------------------------ dtypes

MASK = np.array([[True, False, True, False], [False, True, True, False], [True, True, False, False]])
LABELS = np.array([0, 3, 1])

# name -> (function of the inputs, input arrays); the inputs become leaves that require grad.
DTYPE_CASES = {
    "add": (lambda a, b: a + b, [randn(3, 4), randn(4)]),
    "sub": (lambda a, b: a - b, [randn(3, 4), randn(3, 1)]),
    "mul": (lambda a, b: a * b, [randn(3, 4), randn(4)]),
    "div": (lambda a, b: a / b, [randn(3, 4), positive(4)]),
    "pow": (lambda a, b: a**b, [positive(3, 4), randn(4)]),
    "neg": (lambda a: -a, [randn(3, 4)]),
    "matmul": (lambda a, b: a @ b, [randn(3, 4), randn(4, 2)]),
    "matmul vec": (lambda a, b: a @ b, [randn(4), randn(2, 4, 3)]),
    "maximum": (lg.maximum, [randn(3, 4), randn(4, seed=1)]),
    "minimum": (lg.minimum, [randn(3, 4), randn(4, seed=1)]),
    "where": (lambda a, b: lg.where(MASK, a, b), [randn(3, 4), randn(4)]),
    "clip": (lambda a: lg.clip(a, -0.5, 0.5), [randn(3, 4)]),
    "sum": (lambda a: a.sum(axis=0), [randn(3, 4)]),
    "mean": (lambda a: a.mean(axis=(0, 1)), [randn(3, 4)]),
    "max": (lambda a: a.amax(axis=1, keepdims=True), [randn(3, 4)]),
    "min": (lambda a: a.min(), [randn(3, 4)]),
    "exp": (lg.exp, [randn(3, 4)]),
    "log": (lg.log, [positive(3, 4)]),
    "sqrt": (lg.sqrt, [positive(3, 4)]),
    "abs": (lg.abs, [away_from_zero(3, 4)]),
    "tanh": (lg.tanh, [randn(3, 4)]),
    "sigmoid": (lg.sigmoid, [randn(3, 4)]),
    "relu": (lg.relu, [away_from_zero(3, 4)]),
    "leaky_relu": (lambda a: lg.leaky_relu(a, 0.1), [away_from_zero(3, 4)]),
    "elu": (lambda a: lg.elu(a, 0.1), [away_from_zero(3, 4)]),
    "softmax": (lambda a: lg.softmax(a, axis=0), [randn(3, 4)]),
    "log_softmax": (lg.log_softmax, [randn(3, 4)]),
    "reshape": (lambda a: a.reshape(4, 3), [randn(3, 4)]),
    "transpose": (lambda a: a.T, [randn(3, 4)]),
    "getitem": (lambda a: a[[0, 0, 2], 1:], [randn(3, 4)]),
    "getitem mask": (lambda a: a[MASK], [randn(3, 4)]),
    "concatenate": (lambda a, b: lg.concatenate([a, b], axis=1), [randn(3, 4), randn(3, 2)]),
    "stack": (lambda a, b: lg.stack([a, b], axis=-1), [randn(3, 4), randn(3, 4)]),
    "linear": (lg.linear, [randn(3, 4), randn(4, 2), randn(2)]),
    "linear 3-D": (lg.linear, [randn(2, 3, 4), randn(4, 2), randn(2)]),
    "cross_entropy index": (lambda z: lg.cross_entropy(z, LABELS), [randn(3, 4)]),
    "cross_entropy one-hot f64": (lambda z: lg.cross_entropy(z, np.eye(4)[LABELS], "sum"), [randn(3, 4)]),
    "cross_entropy none": (lambda z: lg.cross_entropy(z, LABELS, "none"), [randn(3, 4)]),
    "squared_error f64 target": (lambda p: lg.squared_error(p, randn(3, 4)), [randn(3, 4)]),
    "squared_error elements": (lambda p: lg.squared_error(p, randn(3, 4), "elements"), [randn(3, 4)]),
    # python numbers (and NumPy float64 scalars, which are Python floats) must not upcast
    "x*2.0": (lambda a: a * 2.0, [randn(3, 4)]),
    "2.0-x": (lambda a: 2.0 - a, [randn(3, 4)]),
    "3/x": (lambda a: 3 / a, [positive(3, 4)]),
    "x/3": (lambda a: a / 3, [randn(3, 4)]),
    "x**2": (lambda a: a**2, [randn(3, 4)]),
    "x**0.5": (lambda a: a**0.5, [positive(3, 4)]),
    "2**x": (lambda a: 2**a, [randn(3, 4)]),
    "x+np.float64": (lambda a: a + np.float64(1.5), [randn(3, 4)]),
    "np.float64*x": (lambda a: np.float64(1.5) * a, [randn(3, 4)]),
    "maximum(x,0.0)": (lambda a: lg.maximum(a, 0.0), [away_from_zero(3, 4)]),
    "where(m,x,0.0)": (lambda a: lg.where(MASK, a, 0.0), [randn(3, 4)]),
    "clip np.float64 bounds": (lambda a: lg.clip(a, np.float64(-0.5), np.float64(0.5)), [randn(3, 4)]),
    "x.mean()/n": (lambda a: a.mean() / 7, [randn(3, 4)]),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", list(DTYPE_CASES))
def test_dtype_is_preserved_forward_and_backward(name, dtype):
    f, arrays = DTYPE_CASES[name]
    leaves = [lg.tensor(a.astype(dtype), requires_grad=True) for a in arrays]
    out = f(*leaves)
    assert out.dtype == dtype
    assert type(out.array) is np.ndarray
    out.backward(np.ones(out.shape, dtype=dtype))
    for leaf in leaves:
        assert leaf.grad is not None
        assert leaf.grad.dtype == dtype
        assert leaf.grad.shape == leaf.shape


def test_float32_leaf_mixed_with_float64_tensor_gets_float32_grad():
    a = lg.tensor(randn(3, 4).astype(np.float32), requires_grad=True)
    b = lg.tensor(randn(4), requires_grad=True)  # float64
    out = (a * b + lg.exp(b)).sum()
    assert out.dtype == np.float64
    out.backward()
    assert a.grad.dtype == np.float32 and b.grad.dtype == np.float64
    np.testing.assert_allclose(a.grad, np.broadcast_to(b.data, (3, 4)), rtol=1e-6)

    x = lg.tensor(randn(2, 4).astype(np.float32), requires_grad=True)
    w = lg.tensor(randn(4, 3), requires_grad=True)
    lg.linear(x, w).sum().backward()
    assert x.grad.dtype == np.float32 and w.grad.dtype == np.float64


def test_float32_grads_accumulate_as_float32():
    x = lg.tensor([1.0, 2.0], requires_grad=True)
    (x * lg.tensor(np.array([1.0, 1.0]))).sum().backward()  # float64 gradient flows in
    (x * 2).sum().backward()
    assert x.grad.dtype == np.float32
    np.testing.assert_array_equal(x.grad, [3, 3])


# ------------------------------------------------------------ error messages


def test_matmul_shape_mismatch_names_both_shapes():
    a, b = lg.tensor(np.ones((3, 4))), lg.tensor(np.ones((5, 2)))
    with pytest.raises(lg.ShapeError) as info:
        a @ b
    assert "(3, 4)" in str(info.value) and "(5, 2)" in str(info.value)
    with pytest.raises(lg.ShapeError, match=r"\(4,\).*\(3,\)"):
        lg.matmul(np.ones(4), np.ones(3))
    with pytest.raises(lg.ShapeError, match="scalar"):
        lg.matmul(lg.tensor(2.0), np.ones(3))


@pytest.mark.parametrize("op", [lg.add, lg.sub, lg.mul, lg.div, lg.maximum, lg.pow])
def test_broadcasting_mismatch_names_both_shapes(op):
    with pytest.raises(lg.ShapeError) as info:
        op(lg.tensor(np.ones((3, 4))), lg.tensor(np.ones(5)))
    assert "(3, 4)" in str(info.value) and "(5,)" in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "labels",
    [[0, 1, 4], [0, -1, 2], [0, 1.5, 2]],
    ids=["too large", "negative", "not an integer"],
)
def test_cross_entropy_bad_labels_raise_data_error(labels):
    with pytest.raises(lg.DataError, match="class labels"):
        lg.cross_entropy(lg.tensor(np.zeros((3, 4))), np.array(labels))


def test_fused_op_shape_and_setting_errors():
    z = lg.tensor(np.zeros((3, 4)))
    with pytest.raises(lg.ShapeError):
        lg.cross_entropy(z, np.zeros((3, 5)))
    with pytest.raises(lg.ShapeError):
        lg.cross_entropy(z, np.zeros(2))
    with pytest.raises(lg.ShapeError):
        lg.cross_entropy(lg.tensor(np.zeros(4)), np.zeros(4))
    with pytest.raises(lg.ConfigError, match="reduction"):
        lg.cross_entropy(z, [0, 1, 2], reduction="avg")
    with pytest.raises(lg.ShapeError, match=r"\(3, 2\).*\(3, 4\)"):
        lg.squared_error(z, np.zeros((3, 2)))
    with pytest.raises(lg.ConfigError, match="average"):
        lg.squared_error(z, np.zeros((3, 4)), average="rows")
    with pytest.raises(lg.ShapeError, match=r"\(3, 4\).*\(5, 2\)"):
        lg.linear(z, np.zeros((5, 2)))
    with pytest.raises(lg.ShapeError, match="bias"):
        lg.linear(z, np.zeros((4, 2)), np.zeros(3))


def test_shape_op_errors():
    x = lg.tensor(np.zeros((2, 3)))
    with pytest.raises(RuntimeError, match=r"\[4, 2\].*size 6"):  # torch's class and message
        x.reshape(4, 2)
    with pytest.raises(lg.ShapeError, match=r"\(2, 3\).*\(4, 2\)"):
        lg.ops.reshape(x, (4, 2))
    with pytest.raises(lg.ShapeError, match="permutation"):
        x.permute(0, 0)
    with pytest.raises(IndexError):  # torch's class
        x[5]
    with pytest.raises(lg.ShapeError, match=r"\(2, 3\).*\(2, 2\)"):
        lg.concatenate([x, lg.tensor(np.zeros((2, 2)))], axis=0)
    with pytest.raises(lg.ShapeError):
        lg.stack([x, lg.tensor(np.zeros((3, 2)))])
    with pytest.raises(lg.ShapeError, match="axis 2"):
        x.sum(axis=2)
    with pytest.raises(lg.ShapeError, match="axis 2"):
        lg.softmax(x, axis=2)
    with pytest.raises(lg.ShapeError, match="axis -3"):
        lg.log_softmax(x, axis=-3)
    with pytest.raises(lg.ShapeError, match="axis 2"):
        lg.concatenate([x, x], axis=2)
    with pytest.raises(lg.ShapeError, match="axis 3"):
        lg.stack([x, x], axis=3)


def test_reshape_accepts_a_single_int():
    x = lg.tensor(np.zeros((2, 3)))
    assert lg.reshape(x, 6).shape == (6,) and x.reshape(6).shape == (6,) and x.reshape((3, 2)).shape == (3, 2)


def test_reductions_of_a_0d_tensor_accept_axis_0_like_torch():
    x = lg.tensor(2.0, requires_grad=True)
    for out in (x.sum(axis=0), x.mean(axis=-1), x.amax(axis=0, keepdims=True), lg.softmax(x)):
        assert out.shape == ()
    x.sum(axis=0).backward()
    assert x.grad.shape == () and x.grad == 1


def test_pow_with_zero_exponent_has_zero_gradient_even_at_zero():
    x = lg.tensor([0.0, 2.0], requires_grad=True)
    with np.errstate(all="raise"):
        (x**0).sum().backward()
    np.testing.assert_array_equal(x.grad, [0, 0])


# ------------------------------------------------------- functions & methods

FUNCTION_METHOD = [
    (lg.exp, lambda t: t.exp()),
    (lg.log, lambda t: t.log()),
    (lg.sqrt, lambda t: t.sqrt()),
    (lg.abs, lambda t: t.abs()),
    (lg.tanh, lambda t: t.tanh()),
    (lg.sigmoid, lambda t: t.sigmoid()),
    (lg.relu, lambda t: t.relu()),
    (lambda t: lg.softmax(t, 0), lambda t: t.softmax(0)),
    (lambda t: lg.log_softmax(t, -1), lambda t: t.log_softmax(-1)),
    (lambda t: lg.sum(t, 1, True), lambda t: t.sum(axis=1, keepdims=True)),
    (lambda t: lg.mean(t, 0), lambda t: t.mean(0)),
    (lambda t: lg.amax(t, 1), lambda t: t.amax(1)),
    (lambda t: lg.max(t, 1).values, lambda t: t.max(1).values),
    (lambda t: lg.min(t), lambda t: t.min()),
    (lambda t: lg.reshape(t, (6,)), lambda t: t.reshape(6)),
    (lambda t: lg.transpose(t, 0, 1), lambda t: t.T),
    (lambda t: lg.clip(t, 0.5, 1.5), lambda t: t.clip(0.5, 1.5)),
    (lambda t: lg.add(t, 2), lambda t: t + 2),
    (lambda t: lg.sub(2, t), lambda t: 2 - t),
    (lambda t: lg.mul(t, t), lambda t: t * t),
    (lambda t: lg.div(1, t), lambda t: 1 / t),
    (lambda t: lg.pow(t, 2), lambda t: t**2),
    (lambda t: lg.pow(2, t), lambda t: 2**t),
    (lambda t: lg.neg(t), lambda t: -t),
    (lambda t: lg.matmul(t, t.T), lambda t: t @ t.T),
]


@pytest.mark.parametrize("fn, method", FUNCTION_METHOD)
def test_function_and_method_forms_agree(fn, method):
    x = lg.tensor(positive(2, 3))
    a, b = fn(x), method(x)
    assert isinstance(a, lg.Tensor) and isinstance(b, lg.Tensor)
    np.testing.assert_array_equal(a.data, b.data)


def test_ndarray_on_the_left_gives_a_tensor():
    x = lg.tensor([1.0, 2.0], requires_grad=True)
    for out in (np.ones(2) + x, np.ones(2) - x, np.ones(2) * x, np.ones(2) / x, np.eye(2) @ x):
        assert isinstance(out, lg.Tensor) and out.requires_grad


def test_comparisons_give_boolean_arrays():
    x = lg.tensor([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(x > 1.5, [False, True, True])
    np.testing.assert_array_equal(x <= lg.tensor([1.0, 1.0, 5.0]), [True, False, True])


def test_results_record_op_and_parents():
    a = lg.tensor([1.0], requires_grad=True)
    b = lg.tensor([2.0], requires_grad=True)
    c = a * b
    assert c.op == "mul" and c.parents == (a, b) and not c.is_leaf
