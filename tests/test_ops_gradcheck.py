"""Float64 gradient checks (backprop vs central differences) for every op of the engine.

Each row of a table is ``(f, inputs)``: ``ligero.gradcheck`` turns the inputs into
float64 leaves, backpropagates a random weighting of ``f``'s output and compares
with numerical derivatives. Inputs stay away from kinks (relu/abs at 0, ties of
``maximum``); max/min ties of exactly two elements are included on purpose:
there the central difference is 1/2 for each, the equal share ligero gives.
"""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from conftest import assert_gradcheck, away_from_zero, positive, randn


def case(id_: str, f, *inputs):
    return pytest.param(f, list(inputs), id=id_)


def _check(f, inputs):
    assert_gradcheck(f, inputs)


# --------------------------------------------------------------- binary ops
BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": lambda a, b: a**b,
    "maximum": lg.maximum,
    "minimum": lg.minimum,
    "fn_add": lg.add,
    "fn_sub": lg.sub,
    "fn_mul": lg.mul,
    "fn_div": lg.div,
    "fn_pow": lg.pow,
}
BROADCAST_SHAPES = [
    ((3, 4), (3, 4)),
    ((3, 1), (1, 4)),
    ((2, 3, 4), (4,)),
    ((4,), (2, 3, 4)),
    ((2, 1, 4), (3, 1)),
    ((2, 3, 4), ()),
    ((), (3,)),
    ((), ()),
]


@pytest.mark.parametrize("name", list(BINARY))
@pytest.mark.parametrize("shape_a, shape_b", BROADCAST_SHAPES, ids=str)
def test_binary_broadcasting(name, shape_a, shape_b):
    # Positive operands keep pow's base and div's denominator well defined; distinct
    # seeds make ties of maximum/minimum impossible.
    a, b = positive(*shape_a, seed=1), positive(*shape_b, seed=2)
    _check(BINARY[name], [a, b])


PYTHON_NUMBERS = [
    case("x+2.5", lambda x: x + 2.5, randn(3, 4)),
    case("2.5+x", lambda x: 2.5 + x, randn(3, 4)),
    case("x-2.5", lambda x: x - 2.5, randn(3, 4)),
    case("2.5-x", lambda x: 2.5 - x, randn(3, 4)),
    case("x*3", lambda x: x * 3, randn(3, 4)),
    case("3*x", lambda x: 3 * x, randn(3, 4)),
    case("x/3", lambda x: x / 3, randn(3, 4)),
    case("3/x", lambda x: 3 / x, positive(3, 4)),
    case("x**3", lambda x: x**3, randn(3, 4)),
    case("x**0.5", lambda x: x**0.5, positive(3, 4)),
    case("x**-2", lambda x: x**-2, positive(3, 4)),
    case("2**x", lambda x: 2**x, randn(3, 4)),
    case("-x", lambda x: -x, randn(3, 4)),
    case("neg", lg.neg, randn(3, 4)),
    case("maximum(x,0.1)", lambda x: lg.maximum(x, 0.1), away_from_zero(3, 4)),
    case("maximum(0.1,x)", lambda x: lg.maximum(0.1, x), away_from_zero(3, 4)),
    case("minimum(x,0.1)", lambda x: lg.minimum(x, 0.1), away_from_zero(3, 4)),
    case("minimum(0.1,x)", lambda x: lg.minimum(0.1, x), away_from_zero(3, 4)),
    case("x+ndarray", lambda x: x + np.arange(4.0), randn(3, 4)),
    case("ndarray*x", lambda x: np.arange(4.0) * x, randn(3, 4)),
]


@pytest.mark.parametrize("f, inputs", PYTHON_NUMBERS)
def test_constant_operands(f, inputs):
    _check(f, inputs)


MASK_34 = randn(3, 4, seed=9) > 0
OTHERS = [
    case("pow tensor exponent", lambda a, b: a**b, positive(3, 4), randn(3, 4)),
    case("pow tensor exponent bcast", lambda a, b: lg.pow(a, b), positive(3, 1), randn(4)),
    case("where", lambda a, b: lg.where(MASK_34, a, b), randn(3, 4), randn(3, 4, seed=1)),
    case("where bcast", lambda a, b: lg.where(MASK_34, a, b), randn(3, 1), randn(4, seed=1)),
    case("where scalar other", lambda a: lg.where(MASK_34, a, 0.0), randn(3, 4)),
    case("where tensor cond", lambda a, b: lg.where(lg.tensor(MASK_34), a, b), randn(3, 4), randn(4)),
    case("clip both", lambda a: lg.clip(a, -0.5, 0.5), np.array([[-1.2, -0.3, 0.1, 0.45], [0.7, -0.8, 2.0, -0.45]])),
    case("clip tensor bounds", lambda a: lg.clip(a, lg.tensor(-0.5), lg.tensor(0.5)), np.array([-1.0, 0.2, 0.9])),
    case("clip low", lambda a: a.clip(-0.1), away_from_zero(3, 4)),
    case("clip high", lambda a: a.clip(max=0.1), away_from_zero(3, 4)),
]


@pytest.mark.parametrize("f, inputs", OTHERS)
def test_other_elementwise(f, inputs):
    _check(f, inputs)


# -------------------------------------------------------------- reductions
AXES = [None, 0, 1, 2, -1, -3, (0, 2), (1, 2), (0, 1, 2), ()]
REDUCTIONS = {"sum": lg.sum, "mean": lg.mean, "max": lg.amax, "min": lg.amin}


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", AXES, ids=str)
@pytest.mark.parametrize("name", list(REDUCTIONS))
def test_reductions(name, axis, keepdims):
    x = randn(2, 3, 4)
    _check(lambda t: REDUCTIONS[name](t, axis=axis, keepdims=keepdims), [x])


@pytest.mark.parametrize("name", list(REDUCTIONS))
def test_reduction_methods(name):
    method = {"max": "amax", "min": "amin"}.get(name, name)  # t.max(dim) is torch's (values, indices)
    _check(lambda t: getattr(t, method)(axis=1, keepdims=True) * 2, [randn(3, 4)])


@pytest.mark.parametrize("name", list(REDUCTIONS))
def test_reduction_of_scalar(name):
    _check(lambda t: REDUCTIONS[name](t) * 3, [np.array(1.5)])


# Two-way ties: the central difference of each tied element is exactly 1/2.
TIES = np.array([[1.0, 3.0, 3.0, -1.0], [2.0, 0.5, 2.0, -2.0], [-1.0, -1.0, 0.0, 4.0]])
MIN_TIES = -TIES


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize(
    "op, axis, x",
    [
        (lg.amax, 1, TIES),
        (lg.amax, 0, np.array([[1.0, 2.0], [1.0, 0.0], [-3.0, 2.0]])),
        (lg.amin, 1, MIN_TIES),
        (lg.amin, 0, np.array([[1.0, 2.0], [1.0, 0.0], [-3.0, 0.0]]) * -1),
        (lg.amax, None, np.array([[5.0, 1.0], [0.0, 5.0]])),
        (lg.amin, None, np.array([[-5.0, 1.0], [0.0, -5.0]])),
    ],
    ids=["max-axis1", "max-axis0", "min-axis1", "min-axis0", "max-all", "min-all"],
)
def test_max_min_with_two_way_ties(op, axis, x, keepdims):
    _check(lambda t: op(t, axis=axis, keepdims=keepdims), [x])


# ------------------------------------------------------------------ unary
UNARY = [
    case("exp", lg.exp, randn(3, 4)),
    case("log", lg.log, positive(3, 4)),
    case("sqrt", lg.sqrt, positive(3, 4)),
    case("abs", lg.abs, away_from_zero(3, 4)),
    case("tanh", lg.tanh, randn(3, 4)),
    case("sigmoid", lg.sigmoid, randn(3, 4) * 3),
    case("relu", lg.relu, away_from_zero(3, 4)),
    case("leaky_relu", lg.leaky_relu, away_from_zero(3, 4)),
    case("leaky_relu alpha=0.1", lambda x: lg.leaky_relu(x, alpha=0.1), away_from_zero(3, 4)),
    case("leaky_relu alpha=0.3", lambda x: lg.leaky_relu(x, 0.3), away_from_zero(3, 4)),
    case("elu", lg.elu, away_from_zero(3, 4)),
    case("elu alpha=0.1", lambda x: lg.elu(x, alpha=0.1), away_from_zero(3, 4)),
    case("elu alpha=2", lambda x: lg.elu(x, 2.0), away_from_zero(3, 4)),
    case("softmax", lg.softmax, randn(3, 4)),
    case("softmax axis0", lambda x: lg.softmax(x, axis=0), randn(3, 4)),
    case("softmax axis1 3d", lambda x: lg.softmax(x, axis=1), randn(2, 3, 4)),
    case("softmax 1d", lg.softmax, randn(5)),
    case("softmax large", lg.softmax, randn(3, 4) * 30),
    case("log_softmax", lg.log_softmax, randn(3, 4)),
    case("log_softmax axis0", lambda x: lg.log_softmax(x, axis=0), randn(3, 4)),
    case("log_softmax axis-2 3d", lambda x: lg.log_softmax(x, axis=-2), randn(2, 3, 4)),
    case("log_softmax large", lg.log_softmax, randn(3, 4) * 30),
    case("method exp", lambda x: x.exp(), randn(3, 4)),
    case("method log", lambda x: x.log(), positive(3, 4)),
    case("method sqrt", lambda x: x.sqrt(), positive(3, 4)),
    case("method abs", lambda x: x.abs(), away_from_zero(3, 4)),
    case("method tanh", lambda x: x.tanh(), randn(3, 4)),
    case("method sigmoid", lambda x: x.sigmoid(), randn(3, 4)),
    case("method relu", lambda x: x.relu(), away_from_zero(3, 4)),
    case("method softmax", lambda x: x.softmax(0), randn(3, 4)),
    case("method log_softmax", lambda x: x.log_softmax(), randn(3, 4)),
]


@pytest.mark.parametrize("f, inputs", UNARY)
def test_unary(f, inputs):
    _check(f, inputs)


# ------------------------------------------------------------------ matmul
MATMUL_SHAPES = [
    ((4,), (4,)),  # vector . vector
    ((3, 4), (4,)),  # matrix . vector
    ((4,), (4, 5)),  # vector . matrix
    ((3, 4), (4, 5)),  # matrix . matrix
    ((2, 3, 4), (2, 4, 5)),  # batched
    ((2, 3, 4), (4, 5)),  # batch . matrix
    ((3, 4), (2, 4, 5)),  # matrix . batch
    ((4,), (2, 4, 5)),  # vector . batch
    ((2, 3, 4), (4,)),  # batch . vector
    ((2, 1, 3, 4), (5, 4, 2)),  # broadcasting batch dims
    ((1, 3, 4), (2, 4, 2)),
]


@pytest.mark.parametrize("shape_a, shape_b", MATMUL_SHAPES, ids=str)
def test_matmul(shape_a, shape_b):
    _check(lambda a, b: a @ b, [randn(*shape_a, seed=1), randn(*shape_b, seed=2)])
    _check(lg.matmul, [randn(*shape_a, seed=3), randn(*shape_b, seed=4)])


def test_matmul_with_constant_operand():
    w = randn(4, 5, seed=7)
    _check(lambda a: a @ w, [randn(3, 4)])
    _check(lambda b: w.T @ b, [randn(4, 2)])


# --------------------------------------------------------------- shape ops
BOOL_ROWS = np.array([True, False, True])
BOOL_34 = randn(3, 4, seed=5) > 0
GETITEM = [
    ("slice", lambda x: x[1:]),
    ("slices step", lambda x: x[::2, 1::2]),
    ("negative step", lambda x: x[::-1, ::-2]),
    ("int", lambda x: x[1]),
    ("negative int", lambda x: x[-1]),
    ("two ints", lambda x: x[1, 2]),
    ("int and slice", lambda x: x[:, 2]),
    ("ellipsis", lambda x: x[..., 0]),
    ("newaxis", lambda x: x[None, 1:]),
    ("int list repeats", lambda x: x[[0, 0, 2, 0]]),
    ("int array repeats", lambda x: x[np.array([2, 2, 1])]),
    ("negative int array", lambda x: x[np.array([-1, 0, -1])]),
    ("column int array", lambda x: x[:, np.array([3, 1, 3, 3])]),
    ("paired int arrays", lambda x: x[np.array([0, 2, 0]), np.array([1, 1, 1])]),
    ("2d int array", lambda x: x[np.array([[0, 1], [1, 1]])]),
    ("bool rows", lambda x: x[BOOL_ROWS]),
    ("bool elements", lambda x: x[BOOL_34]),
    ("bool and slice", lambda x: x[BOOL_ROWS, 1:]),
]


@pytest.mark.parametrize("index", [f for _, f in GETITEM], ids=[n for n, _ in GETITEM])
def test_getitem(index):
    _check(index, [randn(3, 4)])


def test_getitem_3d_mixed():
    _check(lambda x: x[1:, [0, 0, 2], -1], [randn(3, 3, 2)])


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2])
def test_concatenate(axis):
    shapes = [[2, 3, 4], [2, 3, 4], [2, 3, 4]]
    for i, s in enumerate(shapes):
        s[axis] = i + 1
    _check(lambda a, b, c: lg.concatenate([a, b, c], axis=axis), [randn(*s, seed=i) for i, s in enumerate(shapes)])


def test_concatenate_same_tensor_twice_and_a_constant():
    const = randn(1, 4, seed=3)
    _check(lambda a: lg.concatenate([a, const, a * 2], axis=0), [randn(2, 4)])


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_stack(axis):
    _check(lambda a, b: lg.stack([a, b, a], axis=axis), [randn(2, 3), randn(2, 3, seed=1)])


SHAPE_OPS = [
    case("reshape", lambda x: lg.reshape(x, (4, 6)), randn(2, 3, 4)),
    case("reshape -1", lambda x: x.reshape(-1, 2), randn(2, 3, 4)),
    case("reshape varargs", lambda x: x.reshape(3, 8), randn(2, 3, 4)),
    case("flatten", lambda x: x.flatten(1), randn(2, 3, 4)),
    case("transpose", lg.ops.transpose, randn(2, 3, 4)),
    case("transpose axes", lambda x: lg.ops.transpose(x, (1, 2, 0)), randn(2, 3, 4)),
    case("transpose negative axes", lambda x: x.permute(-1, 0, 1), randn(2, 3, 4)),
    case(".T", lambda x: x.T, randn(3, 4)),
]


@pytest.mark.parametrize("f, inputs", SHAPE_OPS)
def test_shape_ops(f, inputs):
    _check(f, inputs)


# --------------------------------------------------------------- fused ops
LABELS = np.array([0, 2, 1, 2, 3])
ONE_HOT = np.eye(4)[LABELS]
SOFT = np.random.default_rng(3).dirichlet(np.ones(4), size=5)
UNNORMALISED = np.random.default_rng(4).uniform(0, 1, (5, 4))  # rows do not sum to 1


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize(
    "target",
    [LABELS, LABELS.astype(np.float32), lg.tensor(LABELS), ONE_HOT, SOFT, UNNORMALISED],
    ids=["index", "float index", "tensor index", "one-hot", "soft", "unnormalised"],
)
def test_cross_entropy(target, reduction):
    _check(lambda z: lg.cross_entropy(z, target, reduction=reduction), [randn(5, 4) * 2])


def test_cross_entropy_large_logits():
    _check(lambda z: lg.cross_entropy(z, LABELS), [randn(5, 4) * 50])


@pytest.mark.parametrize("average", ["samples", "elements"])
@pytest.mark.parametrize(
    "pred, target",
    [(randn(5, 3), randn(5, 3, seed=1)), (randn(5, 1), randn(5, seed=1)), (randn(6), randn(6, seed=1))],
    ids=["(5,3)", "(5,1) vs (5,)", "1-D"],
)
def test_squared_error(pred, target, average):
    _check(lambda p: lg.squared_error(p, target, average=average), [pred])


@pytest.mark.parametrize(
    "x_shape",
    [(5, 3), (2, 5, 3), (3,)],
    ids=["2-D", "3-D", "1-D"],
)
@pytest.mark.parametrize("with_bias", [True, False], ids=["bias", "no bias"])
def test_linear(x_shape, with_bias):
    x, w, b = randn(*x_shape, seed=1), randn(3, 4, seed=2), randn(4, seed=3)
    if with_bias:
        _check(lg.linear, [x, w, b])
    else:
        _check(lambda x, w: lg.linear(x, w), [x, w])


def test_linear_with_constant_input():
    x = randn(5, 3)
    _check(lambda w, b: lg.linear(x, w, b), [randn(3, 4), randn(4)])


# -------------------------------------------------------------- compositions
COMPOSED = [
    case("x*x + x", lambda x: x * x + x, randn(3, 4)),
    case("x used in sum and product", lambda x: x.sum() * x, randn(3, 4)),
    case("diamond", lambda x: (lambda y: y * y + lg.exp(y))(lg.tanh(x)), randn(3, 4)),
    case("self matmul", lambda x: x @ x, randn(3, 3)),
    case("x / x.sum(0)", lambda x: x / x.sum(axis=0), positive(3, 4)),
    case("standardise", lambda x: (x - x.mean(0)) / lg.sqrt(((x - x.mean(0)) ** 2).mean(0) + 1e-5), randn(6, 3)),
    case(
        "mlp + cross entropy",
        lambda x, w1, b1, w2: lg.cross_entropy(lg.linear(lg.tanh(lg.linear(x, w1, b1)), w2), LABELS),
        randn(5, 3),
        randn(3, 6, seed=1),
        randn(6, seed=2),
        randn(6, 4, seed=3),
    ),
    case("softmax then log", lambda x: lg.log(lg.softmax(x)), randn(3, 4)),
    case("getitem then concat", lambda x: lg.concatenate([x[:, :2], x[:, [0]]], axis=1), randn(3, 4)),
]


@pytest.mark.parametrize("f, inputs", COMPOSED)
def test_compositions(f, inputs):
    _check(f, inputs)


def _deep_chain(x):
    y = x
    for i in range(40):
        y = lg.tanh(y * 1.1 + 0.05 * i) + 0.1 * y
    return y


def test_deep_chain():
    _check(_deep_chain, [randn(3)])


def test_gradcheck_detects_a_wrong_rule():
    """The checker itself must fail on a wrong derivative (else every test above is vacuous)."""
    from ligero.tensor import make_result

    def wrong_square(x):
        return make_result(x.data**2, (x,), lambda g: (g * x.data,), "wrong_square")  # misses the 2

    assert lg.gradcheck(wrong_square, [randn(3)]) > 1e-2
