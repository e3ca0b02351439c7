"""Forward values and input gradients of every op against PyTorch, in float64, to 1e-7."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from conftest import away_from_zero, positive, randn

torch = pytest.importorskip("torch")
F = torch.nn.functional

TOL = 1e-7


def compare(lg_fn, torch_fn, arrays):
    """Run both frameworks on the same float64 leaves; compare outputs and gradients."""
    leaves = [lg.tensor(np.asarray(a, dtype=np.float64), requires_grad=True) for a in arrays]
    t_leaves = [torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=True) for a in arrays]
    out, t_out = lg_fn(*leaves), torch_fn(*t_leaves)
    expected = t_out.detach().numpy()
    assert out.shape == expected.shape
    assert out.dtype == np.float64
    np.testing.assert_allclose(out.data, expected, rtol=TOL, atol=TOL)
    weights = randn(*out.shape, seed=99)
    out.backward(weights)
    (t_out * torch.tensor(weights)).sum().backward()
    for i, (leaf, t_leaf) in enumerate(zip(leaves, t_leaves)):
        t_grad = np.zeros(leaf.shape) if t_leaf.grad is None else t_leaf.grad.numpy()
        grad = np.zeros(leaf.shape) if leaf.grad is None else leaf.grad
        np.testing.assert_allclose(grad, t_grad, rtol=TOL, atol=TOL, err_msg=f"gradient of input {i}")


def case(id_, lg_fn, torch_fn, *arrays):
    return pytest.param(lg_fn, torch_fn, list(arrays), id=id_)


def _t(a):
    return torch.tensor(np.asarray(a))


# ------------------------------------------------------------ elementwise
SHAPES = [((3, 4), (3, 4)), ((3, 1), (1, 4)), ((2, 3, 4), (4,)), ((4,), (2, 3, 1)), ((2, 3), ())]
BINARY = [
    ("add", lambda a, b: a + b, torch.add),
    ("sub", lambda a, b: a - b, torch.sub),
    ("mul", lambda a, b: a * b, torch.mul),
    ("div", lambda a, b: a / b, torch.div),
    ("pow", lambda a, b: a**b, torch.pow),
    ("maximum", lg.maximum, torch.maximum),
    ("minimum", lg.minimum, torch.minimum),
]
BINARY_CASES = [
    case(f"{name}-{sa}-{sb}", f, tf, positive(*sa, seed=1), positive(*sb, seed=2))
    for name, f, tf in BINARY
    for sa, sb in SHAPES
]

ELEMENTWISE = [
    *BINARY_CASES,
    case("x+2.5", lambda x: x + 2.5, lambda x: x + 2.5, randn(3, 4)),
    case("2.5-x", lambda x: 2.5 - x, lambda x: 2.5 - x, randn(3, 4)),
    case("3*x", lambda x: 3 * x, lambda x: 3 * x, randn(3, 4)),
    case("3/x", lambda x: 3 / x, lambda x: 3 / x, positive(3, 4)),
    case("x**3", lambda x: x**3, lambda x: x**3, randn(3, 4)),
    case("x**-1.5", lambda x: x**-1.5, lambda x: x**-1.5, positive(3, 4)),
    case("2**x", lambda x: 2**x, lambda x: 2**x, randn(3, 4)),
    case("pow at zero", lambda a, b: a**b, torch.pow, np.array([0.0, 0.0, 1.5, 0.0]), np.array([0.0, 2.0, 0.0, 1.0])),
    case("neg", lg.neg, torch.neg, randn(3, 4)),
    case("exp", lg.exp, torch.exp, randn(3, 4)),
    case("log", lg.log, torch.log, positive(3, 4)),
    case("sqrt", lg.sqrt, torch.sqrt, positive(3, 4)),
    case("abs", lg.abs, torch.abs, away_from_zero(3, 4)),
    case("tanh", lg.tanh, torch.tanh, randn(3, 4)),
    case("sigmoid", lg.sigmoid, torch.sigmoid, randn(3, 4) * 4),
    case("relu", lg.relu, torch.relu, away_from_zero(3, 4)),
    case("leaky_relu", lg.leaky_relu, F.leaky_relu, away_from_zero(3, 4)),
    case("leaky_relu 0.1", lambda x: lg.leaky_relu(x, 0.1), lambda x: F.leaky_relu(x, 0.1), away_from_zero(3, 4)),
    case("elu", lg.elu, F.elu, away_from_zero(3, 4)),
    case("elu 0.1", lambda x: lg.elu(x, alpha=0.1), lambda x: F.elu(x, alpha=0.1), away_from_zero(3, 4)),
    case("elu 2.5", lambda x: lg.elu(x, alpha=2.5), lambda x: F.elu(x, alpha=2.5), away_from_zero(3, 4)),
    case(
        "where",
        lambda a, b: lg.where(randn(3, 4, seed=5) > 0, a, b),
        lambda a, b: torch.where(_t(randn(3, 4, seed=5) > 0), a, b),
        randn(3, 4),
        randn(4, seed=1),
    ),
    case(
        "clip",
        lambda x: lg.clip(x, -0.5, 0.7),
        lambda x: torch.clamp(x, -0.5, 0.7),
        np.array([[-1.0, -0.2, 0.3, 0.9], [0.69, -0.51, 2.0, 0.0]]),
    ),
]


@pytest.mark.parametrize("lg_fn, torch_fn, arrays", ELEMENTWISE)
def test_elementwise(lg_fn, torch_fn, arrays):
    compare(lg_fn, torch_fn, arrays)


# ------------------------------------------------------------- reductions
AXES = [None, 0, 1, -1, (0, 2), (1, 2), (0, 1, 2)]


def _dims(axis, ndim):
    return tuple(range(ndim)) if axis is None else axis


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", AXES, ids=str)
@pytest.mark.parametrize(
    "name, lg_fn, torch_fn",
    [
        ("sum", lg.sum, torch.sum),
        ("mean", lg.mean, torch.mean),
        ("max", lg.amax, torch.amax),
        ("min", lg.amin, torch.amin),
    ],
    ids=["sum", "mean", "max", "min"],
)
def test_reductions(name, lg_fn, torch_fn, axis, keepdims):
    compare(
        lambda x: lg_fn(x, axis=axis, keepdims=keepdims),
        lambda x: torch_fn(x, dim=_dims(axis, 3), keepdim=keepdims),
        [randn(2, 3, 4)],
    )


# Ties of two, three and four equal values: amax/amin share the gradient equally.
TIED = np.array(
    [
        [[2.0, 2.0, 1.0, 2.0], [0.0, 5.0, 5.0, -1.0], [3.0, 3.0, 3.0, 3.0]],
        [[-1.0, 7.0, -1.0, 7.0], [4.0, 4.0, 4.0, 0.0], [1.0, 2.0, 3.0, 4.0]],
    ]
)


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", [None, 0, 1, 2, (1, 2), (0, 2)], ids=str)
@pytest.mark.parametrize("sign", [1.0, -1.0], ids=["plain", "negated"])
@pytest.mark.parametrize("lg_fn, torch_fn", [(lg.amax, torch.amax), (lg.amin, torch.amin)], ids=["max", "min"])
def test_max_min_with_ties(lg_fn, torch_fn, axis, keepdims, sign):
    compare(
        lambda x: lg_fn(x, axis=axis, keepdims=keepdims),
        lambda x: torch_fn(x, dim=_dims(axis, 3), keepdim=keepdims),
        [sign * TIED],
    )


# ------------------------------------------------------- softmax family
@pytest.mark.parametrize("axis", [0, 1, -1, -2])
@pytest.mark.parametrize(
    "lg_fn, torch_fn",
    [(lg.softmax, torch.softmax), (lg.log_softmax, torch.log_softmax)],
    ids=["softmax", "log_softmax"],
)
@pytest.mark.parametrize("scale", [1.0, 40.0], ids=["moderate", "large"])
def test_softmax_family(lg_fn, torch_fn, axis, scale):
    compare(lambda x: lg_fn(x, axis=axis), lambda x: torch_fn(x, dim=axis), [randn(2, 3, 4) * scale])


LABELS = np.array([0, 2, 1, 2, 3])


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_index_targets(reduction):
    compare(
        lambda z: lg.cross_entropy(z, LABELS, reduction=reduction),
        lambda z: F.cross_entropy(z, _t(LABELS), reduction=reduction),
        [randn(5, 4) * 3],
    )


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize(
    "target",
    [
        np.eye(4)[LABELS],
        np.random.default_rng(3).dirichlet(np.ones(4), size=5),
        np.random.default_rng(4).uniform(0, 1, (5, 4)),
    ],
    ids=["one-hot", "probabilities", "unnormalised"],
)
def test_cross_entropy_probability_targets(target, reduction):
    compare(
        lambda z: lg.cross_entropy(z, target, reduction=reduction),
        lambda z: F.cross_entropy(z, _t(target), reduction=reduction),
        [randn(5, 4) * 3],
    )


def test_squared_error_against_torch():
    target = randn(5, 3, seed=1)
    compare(
        lambda p: lg.squared_error(p, target, average="elements"),
        lambda p: F.mse_loss(p, _t(target)),
        [randn(5, 3)],
    )
    compare(
        lambda p: lg.squared_error(p, target, average="samples"),
        lambda p: ((p - _t(target)) ** 2).sum() / 5,
        [randn(5, 3)],
    )


# ---------------------------------------------------------- linear algebra
@pytest.mark.parametrize("x_shape", [(5, 3), (2, 5, 3), (3,)], ids=["2-D", "3-D", "1-D"])
def test_linear(x_shape):
    x, w, b = randn(*x_shape), randn(3, 4, seed=1), randn(4, seed=2)
    compare(lg.linear, lambda x, w, b: F.linear(x, w.T, b), [x, w, b])
    compare(lambda x, w: lg.linear(x, w), lambda x, w: F.linear(x, w.T), [x, w])


@pytest.mark.parametrize(
    "shape_a, shape_b",
    [
        ((4,), (4,)),
        ((3, 4), (4,)),
        ((4,), (4, 5)),
        ((3, 4), (4, 5)),
        ((2, 3, 4), (2, 4, 5)),
        ((2, 3, 4), (4, 5)),
        ((4,), (2, 4, 5)),
        ((2, 3, 4), (4,)),
        ((2, 1, 3, 4), (5, 4, 2)),
    ],
    ids=str,
)
def test_matmul(shape_a, shape_b):
    compare(lambda a, b: a @ b, torch.matmul, [randn(*shape_a, seed=1), randn(*shape_b, seed=2)])


# ------------------------------------------------------------- shape ops
ROWS = np.array([2, 0, 2, 2, 1])
COLS = np.array([1, 1, 3])
MASK = randn(3, 4, seed=6) > 0
SHAPE_CASES = [
    case("slices", lambda x: x[1:, ::2], lambda x: x[1:, ::2], randn(3, 4)),
    case("int", lambda x: x[-1, 2], lambda x: x[-1, 2], randn(3, 4)),
    case("repeated rows", lambda x: x[ROWS], lambda x: x[_t(ROWS)], randn(3, 4)),
    case("repeated cols", lambda x: x[:, COLS], lambda x: x[:, _t(COLS)], randn(3, 4)),
    case("repeated pairs", lambda x: x[ROWS[:3], COLS], lambda x: x[_t(ROWS[:3]), _t(COLS)], randn(3, 4)),
    case("mask", lambda x: x[MASK], lambda x: x[_t(MASK)], randn(3, 4)),
    case("reshape", lambda x: x.reshape(4, -1), lambda x: x.reshape(4, -1), randn(2, 3, 4)),
    case("transpose", lambda x: x.permute(2, 0, 1), lambda x: x.permute(2, 0, 1), randn(2, 3, 4)),
    case(".T", lambda x: x.T, lambda x: x.T, randn(3, 4)),
    case(
        "concatenate axis0",
        lambda a, b: lg.concatenate([a, b, a], axis=0),
        lambda a, b: torch.cat([a, b, a], dim=0),
        randn(2, 3),
        randn(4, 3),
    ),
    case(
        "concatenate axis-1",
        lambda a, b: lg.concatenate([a, b], axis=-1),
        lambda a, b: torch.cat([a, b], dim=-1),
        randn(2, 3, 1),
        randn(2, 3, 4),
    ),
    case(
        "stack axis1",
        lambda a, b: lg.stack([a, b], axis=1),
        lambda a, b: torch.stack([a, b], dim=1),
        randn(2, 3),
        randn(2, 3, seed=1),
    ),
]


@pytest.mark.parametrize("lg_fn, torch_fn, arrays", SHAPE_CASES)
def test_shape_ops(lg_fn, torch_fn, arrays):
    compare(lg_fn, torch_fn, arrays)


def test_small_mlp_with_cross_entropy():
    compare(
        lambda x, w1, b1, w2, b2: lg.cross_entropy(lg.linear(lg.tanh(lg.linear(x, w1, b1)), w2, b2), LABELS),
        lambda x, w1, b1, w2, b2: F.cross_entropy(F.linear(torch.tanh(F.linear(x, w1.T, b1)), w2.T, b2), _t(LABELS)),
        [randn(5, 3), randn(3, 6, seed=1), randn(6, seed=2), randn(6, 4, seed=3), randn(4, seed=4)],
    )
