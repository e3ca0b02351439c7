"""Losses and weight penalties: values by hand and against PyTorch, gradient checks, lookup.

Only the tests that compare with PyTorch need it (``pytest.importorskip`` inside them).
"""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from conftest import assert_gradcheck, away_from_zero, randn
from ligero import losses, regularizers
from ligero.errors import ConfigError, DataError, ShapeError

Y = np.array([[1.0, 2.0], [3.0, 4.0]])
T = np.array([[0.0, 0.0], [1.0, 1.0]])


def t64(a, grad: bool = False) -> lg.Tensor:
    return lg.tensor(np.asarray(a, dtype=np.float64), requires_grad=grad)


def onehot(labels, classes: int) -> np.ndarray:
    return np.eye(classes)[labels]


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# --------------------------------------------------------------------- MSE
def test_mse_is_keras_element_mean_and_course_mse_sums_the_outputs():
    # squared errors: row 0 -> 1 + 4 = 5, row 1 -> 4 + 9 = 13
    assert losses.MeanSquaredError()(T, t64(Y)).item() == pytest.approx(18 / 4)
    assert losses.resolve("mse")(T, t64(Y)).item() == pytest.approx(18 / 4)
    assert losses.SumSquaredError()(T, t64(Y)).item() == pytest.approx((5 + 13) / 2)
    assert losses.resolve("course_mse")(T, t64(Y)).item() == pytest.approx((5 + 13) / 2)
    np.testing.assert_allclose(losses.mean_squared_error(T, t64(Y)).numpy(), [2.5, 6.5])


def test_mse_gradient_by_hand():
    y = t64(Y, grad=True)
    losses.resolve("course_mse")(T, y).backward()
    np.testing.assert_allclose(y.grad_array, 2 * (Y - T) / 2)  # 2 (y - t) / N
    y = t64(Y, grad=True)
    losses.resolve("mse")(T, y).backward()
    np.testing.assert_allclose(y.grad_array, 2 * (Y - T) / 4)  # 2 (y - t) / (N C)


def test_mse_matches_torch():
    torch = pytest.importorskip("torch")
    y, t = randn(6, 3, seed=1), randn(6, 3, seed=2)
    expected = torch.nn.functional.mse_loss(torch.tensor(y), torch.tensor(t)).item()
    assert losses.MeanSquaredError()(t, t64(y)).item() == pytest.approx(expected, rel=1e-12)
    assert losses.SumSquaredError()(t, t64(y)).item() == pytest.approx(3 * expected, rel=1e-12)


def test_mse_single_output_accepts_flat_targets():
    y = t64([[1.0], [2.0], [4.0]])
    assert losses.resolve("mse")(np.array([0.0, 2.0, 2.0]), y).item() == pytest.approx((1 + 0 + 4) / 3)


def test_reductions_and_sample_weights():
    per_sample = np.array([2.5, 6.5])
    assert losses.MeanSquaredError(reduction="sum")(T, t64(Y)).item() == pytest.approx(per_sample.sum())
    np.testing.assert_allclose(losses.MeanSquaredError(reduction=None)(T, t64(Y)).numpy(), per_sample)
    np.testing.assert_allclose(losses.MeanSquaredError(reduction="none")(T, t64(Y)).numpy(), per_sample)
    w = np.array([1.0, 3.0])
    assert losses.MeanSquaredError()(T, t64(Y), sample_weight=w).item() == pytest.approx((2.5 + 19.5) / 2)
    mean_w = losses.MeanSquaredError(reduction="mean_with_sample_weight")
    assert mean_w(T, t64(Y), sample_weight=w).item() == pytest.approx((2.5 + 19.5) / 4)
    with pytest.raises(ConfigError, match="reduction"):
        losses.MeanSquaredError(reduction="rows")


# ------------------------------------------------------- categorical CE
def test_cross_entropy_by_hand():
    z = np.array([[0.0, 0.0], [np.log(3.0), 0.0]])  # softmax rows: (1/2, 1/2), (3/4, 1/4)
    expected = -(np.log(0.5) + np.log(0.25)) / 2
    loss = losses.CategoricalCrossentropy(from_logits=True)
    assert loss(onehot([1, 1], 2), t64(z)).item() == pytest.approx(expected)
    assert losses.SparseCategoricalCrossentropy(from_logits=True)(np.array([1, 1]), t64(z)).item() == \
        pytest.approx(expected)
    probs = losses.CategoricalCrossentropy()
    assert probs(onehot([1, 1], 2), t64([[0.5, 0.5], [0.75, 0.25]])).item() == pytest.approx(expected)
    sparse = losses.SparseCategoricalCrossentropy()
    assert sparse(np.array([[1], [1]]), t64([[0.5, 0.5], [0.75, 0.25]])).item() == pytest.approx(expected)


@pytest.mark.parametrize("targets", ["index", "onehot", "soft"])
def test_cross_entropy_from_logits_matches_torch(targets):
    torch = pytest.importorskip("torch")
    z = randn(7, 4, seed=3) * 3
    labels = np.array([0, 3, 1, 2, 2, 0, 3])
    if targets == "index":
        t, t_torch, loss_fn = labels, torch.tensor(labels), losses.SparseCategoricalCrossentropy(from_logits=True)
    else:
        t = onehot(labels, 4) if targets == "onehot" else softmax(randn(7, 4, seed=4))
        t_torch, loss_fn = torch.tensor(t), losses.CategoricalCrossentropy(from_logits=True)
    zt = torch.tensor(z, requires_grad=True)
    expected = torch.nn.functional.cross_entropy(zt, t_torch)
    expected.backward()
    logits = t64(z, grad=True)
    loss = loss_fn(t, logits)
    loss.backward()
    assert loss.op == "cross_entropy"  # the fused node
    assert loss.item() == pytest.approx(expected.item(), rel=1e-12)
    np.testing.assert_allclose(logits.grad_array, zt.grad.numpy(), rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("targets", ["index", "onehot"])
def test_cross_entropy_after_softmax_is_fused_and_equals_unfused(targets):
    z = randn(6, 5, seed=5) * 2
    labels = np.array([4, 0, 2, 2, 1, 3])
    t = labels if targets == "index" else onehot(labels, 5)
    name = "sparse_categorical_crossentropy" if targets == "index" else "categorical_crossentropy"

    fused_z = t64(z, grad=True)
    fused = losses.resolve(name)(t, lg.softmax(fused_z))
    assert fused.op == "cross_entropy"  # reached back to the softmax's input
    fused.backward()

    plain_z = t64(z, grad=True)
    unfused = -(lg.log(lg.softmax(plain_z)) * onehot(labels, 5)).sum() / 6
    unfused.backward()

    assert fused.item() == pytest.approx(unfused.item(), rel=1e-12)
    np.testing.assert_allclose(fused_z.grad_array, plain_z.grad_array, rtol=1e-9, atol=1e-14)


def test_cross_entropy_after_softmax_is_stable_for_huge_logits():
    z = t64([[1000.0, 0.0], [0.0, 1000.0]], grad=True)
    loss = losses.resolve("sparse_categorical_crossentropy")(np.array([1, 1]), lg.softmax(z))
    assert loss.item() == pytest.approx(500.0)  # the unfused log(0) would give inf
    loss.backward()
    np.testing.assert_allclose(z.grad_array, [[0.5, -0.5], [0.0, 0.0]], atol=1e-12)


def test_cross_entropy_after_softmax_over_the_wrong_axis_is_not_fused():
    # A softmax over the samples (axis 0) is not a distribution per row: Keras's formula on the
    # probabilities as given (normalised per row, clipped), not a re-softmax over the classes.
    z = t64(randn(4, 3, seed=6), grad=True)
    p = lg.softmax(z, axis=0)
    labels = np.array([0, 1, 2, 0])
    loss = losses.resolve("sparse_categorical_crossentropy")(labels, p)
    rows = p.array / p.array.sum(axis=1, keepdims=True)
    assert loss.item() == pytest.approx(-np.log(rows[np.arange(4), labels]).mean(), rel=1e-12)
    assert_gradcheck(lambda z: losses.resolve("sparse_categorical_crossentropy")(labels, lg.softmax(z, axis=0)),
                     [randn(4, 3, seed=6)])


def test_cross_entropy_from_plain_probabilities_is_normalised_and_clipped_as_keras():
    p = np.array([[0.7, 0.2, 0.1], [0.0, 1.0, 0.0]])
    loss = losses.CategoricalCrossentropy()(onehot([0, 0], 3), t64(p)).item()
    assert loss == pytest.approx(-(np.log(0.7) + np.log(1e-7)) / 2)
    scores = np.array([[2.0, 1.0, 1.0]])  # not probabilities: divided by their sum, as Keras does
    assert losses.CategoricalCrossentropy()(onehot([0], 3), t64(scores)).item() == pytest.approx(-np.log(0.5))


def test_label_smoothing():
    z = randn(4, 3, seed=7)
    labels = np.array([0, 2, 1, 1])
    smoothed = onehot(labels, 3) * 0.9 + 0.1 / 3
    expected = -(smoothed * np.log(softmax(z))).sum(axis=1).mean()
    got = losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)(onehot(labels, 3), t64(z)).item()
    assert got == pytest.approx(expected, rel=1e-12)


def test_cross_entropy_from_probabilities_matches_torch():
    torch = pytest.importorskip("torch")
    z = randn(5, 3, seed=8)
    labels = np.array([0, 2, 1, 1, 0])
    p = lg.softmax(t64(z))
    expected = torch.nn.functional.nll_loss(torch.log(torch.tensor(p.array)), torch.tensor(labels)).item()
    assert losses.resolve("sparse_categorical_crossentropy")(labels, p).item() == pytest.approx(expected, rel=1e-12)


def test_cross_entropy_label_and_shape_errors():
    loss = losses.SparseCategoricalCrossentropy(from_logits=True)
    z = t64(np.zeros((3, 10)))
    with pytest.raises(DataError, match=r"10"):
        loss(np.array([0, 10, 2]), z)
    with pytest.raises(DataError, match=r"2\.5"):
        loss(np.array([0, 2.5, 2]), z)
    with pytest.raises(DataError):
        loss(np.array([0, -1, 2]), z)
    with pytest.raises(ShapeError, match=r"\(3, 4\).*\(3, 10\)"):
        losses.CategoricalCrossentropy(from_logits=True)(np.zeros((3, 4)), z)
    with pytest.raises(ShapeError, match=r"binary_crossentropy with a sigmoid output.*Dense\(num_classes\)"):
        loss(np.array([0, 1, 1]), t64(np.zeros((3, 1))))
    with pytest.raises(ShapeError, match="sparse_categorical_crossentropy"):
        losses.CategoricalCrossentropy()(np.array([[0], [1], [1]]), t64(np.full((3, 2), 0.5)))


# ------------------------------------------------------------- binary CE
def test_binary_cross_entropy_by_hand():
    p = t64([[0.5], [0.8]])
    t = np.array([[1.0], [0.0]])
    expected = -(np.log(0.5) + np.log(0.2)) / 2
    assert losses.resolve("binary_crossentropy")(t, p).item() == pytest.approx(expected)
    z = t64([[0.0], [np.log(4.0)]])  # sigmoid -> 0.5, 0.8
    assert losses.BinaryCrossentropy(from_logits=True)(t, z).item() == pytest.approx(expected)
    # label_smoothing 0.2: targets t (1 - 0.2) + 0.1 = 0.9 and 0.1
    expected = -(0.9 * np.log(0.5) + 0.1 * np.log(0.5) + 0.1 * np.log(0.8) + 0.9 * np.log(0.2)) / 2
    assert losses.BinaryCrossentropy(label_smoothing=0.2)(t, p).item() == pytest.approx(expected)


def test_binary_cross_entropy_matches_torch():
    torch = pytest.importorskip("torch")
    z = randn(8, 3, seed=9) * 3
    t = (randn(8, 3, seed=10) > 0).astype(np.float64)
    zt = torch.tensor(z, requires_grad=True)
    expected = torch.nn.functional.binary_cross_entropy_with_logits(zt, torch.tensor(t))
    expected.backward()
    logits = t64(z, grad=True)
    loss = losses.BinaryCrossentropy(from_logits=True)(t, logits)
    loss.backward()
    assert loss.item() == pytest.approx(expected.item(), rel=1e-12)
    np.testing.assert_allclose(logits.grad_array, zt.grad.numpy(), rtol=1e-10, atol=1e-14)

    p = 1 / (1 + np.exp(-z))
    pt = torch.tensor(p, requires_grad=True)
    expected = torch.nn.functional.binary_cross_entropy(pt.clamp(1e-7, 1 - 1e-7), torch.tensor(t))
    expected.backward()
    probs = t64(p, grad=True)
    loss = losses.BinaryCrossentropy()(t, probs)
    loss.backward()
    assert loss.item() == pytest.approx(expected.item(), rel=1e-10)
    np.testing.assert_allclose(probs.grad_array, pt.grad.numpy(), rtol=1e-8)


def test_binary_cross_entropy_after_sigmoid_is_fused_and_stable():
    z = randn(6, 2, seed=11) * 2
    t = (randn(6, 2, seed=12) > 0).astype(np.float64)
    fused_z = t64(z, grad=True)
    fused = losses.resolve("binary_crossentropy")(t, lg.sigmoid(fused_z))
    fused.backward()
    plain_z = t64(z, grad=True)
    p = lg.sigmoid(plain_z)
    unfused = -(t * lg.log(p) + (1 - t) * lg.log(1 - p)).mean()
    unfused.backward()
    assert fused.item() == pytest.approx(unfused.item(), rel=1e-12)
    np.testing.assert_allclose(fused_z.grad_array, plain_z.grad_array, rtol=1e-9)
    huge = losses.resolve("binary_crossentropy")(np.array([[1.0]]), lg.sigmoid(t64([[-800.0]], grad=True)))
    assert huge.item() == pytest.approx(800.0)


# ------------------------------------------------- the other Keras losses
def test_regression_and_hinge_losses_by_hand():
    t = np.array([[0.0, 1.0], [1.0, 2.0]])
    y = np.array([[0.5, 0.5], [3.0, 2.0]])
    e = y - t
    check = {
        "mean_absolute_error": np.abs(e).mean(),
        "mean_absolute_percentage_error": 100 * np.mean(np.abs(e) / np.maximum(np.abs(t), 1e-7)),
        "mean_squared_logarithmic_error": np.mean((np.log1p(y) - np.log1p(np.maximum(t, 1e-7))) ** 2),
        "huber": np.mean(np.where(np.abs(e) <= 1, 0.5 * e ** 2, np.abs(e) - 0.5)),
        "log_cosh": np.mean(np.log(np.cosh(e))),
        "poisson": np.mean(y - t * np.log(y + 1e-7)),
    }
    for name, expected in check.items():
        assert losses.resolve(name)(t, t64(y)).item() == pytest.approx(expected, rel=1e-9), name
    pm = np.array([[-1.0, 1.0], [1.0, -1.0]])
    assert losses.Hinge()(pm, t64(y)).item() == pytest.approx(np.mean(np.maximum(1 - pm * y, 0)))
    assert losses.SquaredHinge()(pm, t64(y)).item() == pytest.approx(np.mean(np.maximum(1 - pm * y, 0) ** 2))
    zero_one = np.array([[0.0, 1.0], [1.0, 0.0]])  # 0/1 labels become -1/+1
    assert losses.Hinge()(zero_one, t64(y)).item() == pytest.approx(np.mean(np.maximum(1 - pm * y, 0)))
    pos, neg = (zero_one * y).sum(1), ((1 - zero_one) * y).max(1)
    assert losses.CategoricalHinge()(zero_one, t64(y)).item() == pytest.approx(np.maximum(neg - pos + 1, 0).mean())
    p = np.array([[0.2, 0.8], [0.6, 0.4]])
    q = np.array([[0.3, 0.7], [0.5, 0.5]])
    assert losses.KLDivergence()(q, t64(p)).item() == pytest.approx(np.mean(np.sum(q * np.log(q / p), axis=1)))
    cos = -np.sum(q * p, axis=1) / np.linalg.norm(q, axis=1) / np.linalg.norm(p, axis=1)
    assert losses.CosineSimilarity()(q, t64(p)).item() == pytest.approx(cos.mean())
    assert losses.Huber(delta=0.5)(t, t64(y)).item() == pytest.approx(
        np.mean(np.where(np.abs(e) <= 0.5, 0.5 * e ** 2, 0.5 * np.abs(e) - 0.125)))


# ------------------------------------------------------------------ hinge
def _hinge_loop(scores: np.ndarray, labels: np.ndarray, margin: float = 1.0) -> float:
    total = 0.0
    for s, y in zip(scores, labels):
        for j in range(len(s)):
            if j != y:
                total += max(0.0, s[j] - s[y] + margin)
    return total / len(scores)


def test_multiclass_hinge_by_hand():
    # CS231n's example: scores (3.2, 5.1, -1.7), class 0 -> max(0, 5.1-3.2+1) + max(0, -1.7-3.2+1) = 2.9
    s = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
    labels = np.array([0, 1, 2])
    loss = losses.resolve("multiclass_hinge")
    assert loss(labels[:1], t64(s[:1])).item() == pytest.approx(2.9)
    assert loss(labels, t64(s)).item() == pytest.approx((2.9 + 0 + 12.9) / 3)
    assert loss(onehot(labels, 3), t64(s)).item() == pytest.approx(_hinge_loop(s, labels))
    assert losses.MulticlassHinge(margin=2.0)(labels, t64(s)).item() == pytest.approx(_hinge_loop(s, labels, 2.0))


def test_multiclass_hinge_matches_torch():
    torch = pytest.importorskip("torch")
    s = randn(9, 4, seed=13)
    labels = np.array([0, 1, 2, 3, 0, 1, 2, 3, 3])
    st = torch.tensor(s, requires_grad=True)
    # torch divides each sample's sum by C (and counts the j = y term as 0 the same way)
    expected = torch.nn.functional.multi_margin_loss(st, torch.tensor(labels)) * 4
    expected.backward()
    scores = t64(s, grad=True)
    loss = losses.MulticlassHinge()(labels, scores)
    loss.backward()
    assert loss.item() == pytest.approx(expected.item(), rel=1e-12)
    assert loss.item() == pytest.approx(_hinge_loop(s, labels), rel=1e-12)
    np.testing.assert_allclose(scores.grad_array, st.grad.numpy(), rtol=1e-10, atol=1e-14)


# ------------------------------------------------------- gradient checks
def _hinge_scores() -> np.ndarray:
    s = randn(5, 4, seed=14)
    labels = np.array([0, 1, 2, 3, 1])
    margins = s - s[np.arange(5), labels][:, None] + 1
    assert np.abs(margins).min() > 1e-3  # away from the hinge's kink
    return s


_U = np.random.default_rng(0).uniform(0.1, 0.9, (5, 3))
_B = (randn(5, 2, seed=3) > 0) * 1.0
GRAD_CASES = {
    "course_mse": (lambda y: losses.SumSquaredError()(randn(5, 3, seed=1), y), randn(5, 3)),
    "mse": (lambda y: losses.MeanSquaredError()(randn(5, 3, seed=1), y), randn(5, 3)),
    "mse_weighted": (lambda y: losses.MeanSquaredError()(randn(5, 3, seed=1), y, sample_weight=np.arange(5.0)),
                     randn(5, 3)),
    "cce_logits_index": (
        lambda z: losses.SparseCategoricalCrossentropy(from_logits=True)(np.array([0, 2, 1, 2, 0]), z), randn(5, 3)),
    "cce_logits_onehot": (
        lambda z: losses.CategoricalCrossentropy(from_logits=True)(onehot([0, 2, 1, 2, 0], 3), z), randn(5, 3)),
    "cce_logits_soft": (
        lambda z: losses.CategoricalCrossentropy(from_logits=True)(softmax(randn(5, 3, seed=2)), z), randn(5, 3)),
    "cce_smoothed": (lambda z: losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.2)(
        onehot([0, 2, 1, 2, 0], 3), z), randn(5, 3)),
    "cce_after_softmax": (
        lambda z: losses.SparseCategoricalCrossentropy()(np.array([1, 1, 0, 2, 0]), lg.softmax(z)), randn(5, 3)),
    "cce_probabilities": (lambda p: losses.CategoricalCrossentropy()(onehot([1, 1, 0, 2, 0], 3), p), _U),
    "bce_logits": (lambda z: losses.BinaryCrossentropy(from_logits=True)(_B, z), randn(5, 2)),
    "bce_after_sigmoid": (lambda z: losses.BinaryCrossentropy()(_B, lg.sigmoid(z)), randn(5, 2)),
    "bce_probabilities": (lambda p: losses.BinaryCrossentropy()(_B, p), _U[:, :2]),
    "focal": (lambda p: losses.BinaryFocalCrossentropy()(_B, p), _U[:, :2]),
    "mae": (lambda y: losses.MeanAbsoluteError()(randn(5, 3, seed=1), y), away_from_zero(5, 3, seed=4)),
    "mape": (lambda y: losses.MeanAbsolutePercentageError()(_U + 1, y), randn(5, 3)),
    "msle": (lambda y: losses.MeanSquaredLogarithmicError()(_U, y), _U + 0.5),
    "huber": (lambda y: losses.Huber(delta=0.7)(np.zeros((5, 3)), y), away_from_zero(5, 3, seed=5)),
    "log_cosh": (lambda y: losses.LogCosh()(randn(5, 3, seed=1), y), randn(5, 3)),
    "kld": (lambda p: losses.KLDivergence()(softmax(randn(5, 3, seed=2)), p), _U),
    "poisson": (lambda p: losses.Poisson()(_U, p), _U + 0.2),
    "cosine": (lambda y: losses.CosineSimilarity()(randn(5, 3, seed=1), y), randn(5, 3)),
    "hinge": (lambda y: losses.Hinge()(_B, y), _U[:, :2]),
    "squared_hinge": (lambda y: losses.SquaredHinge()(_B, y), _U[:, :2]),
    "categorical_hinge": (lambda y: losses.CategoricalHinge()(onehot([0, 2, 1, 2, 0], 3), y), _U),
    "hinge_index": (lambda s: losses.MulticlassHinge()(np.array([0, 1, 2, 3, 1]), s), _hinge_scores()),
    "hinge_onehot": (lambda s: losses.MulticlassHinge()(onehot([0, 1, 2, 3, 1], 4), s), _hinge_scores()),
}


@pytest.mark.parametrize("name", list(GRAD_CASES))
def test_loss_gradcheck(name):
    f, x = GRAD_CASES[name]
    assert_gradcheck(f, [x])


@pytest.mark.parametrize(
    "reg, value",
    [
        (regularizers.L1(0.1), 0.1 * 10),
        (regularizers.L2(0.01), 0.01 * 30),
        (regularizers.L1L2(l1=0.1, l2=0.01), 0.1 * 10 + 0.01 * 30),
    ],
    ids=["l1", "l2", "l1l2"],
)
def test_regularizer_value_and_gradcheck(reg, value):
    w = np.array([[1.0, -2.0], [3.0, -4.0]])  # Σ|w| = 10, Σw² = 30
    assert reg(t64(w)).item() == pytest.approx(value)
    assert_gradcheck(lambda w: reg(w), [away_from_zero(4, 3, seed=15)])
    leaf = t64(w, grad=True)
    reg(leaf).backward()
    np.testing.assert_allclose(leaf.grad, reg.l1 * np.sign(w) + 2 * reg.l2 * w)


def test_regularizer_penalty_keeps_float32_and_lookup():
    w = lg.tensor(np.ones((3, 3), np.float32), requires_grad=True)
    penalty = regularizers.L2(0.5)(w)
    assert penalty.dtype == np.float32
    penalty.backward()
    assert w.grad.dtype == np.float32
    assert regularizers.get("l2").l2 == 0.01
    assert regularizers.get({"name": "l1", "l1": 0.3}).l1 == 0.3
    with pytest.raises(ConfigError, match="unknown regularizer"):
        regularizers.get("l3")
    with pytest.raises(ConfigError):
        regularizers.L2(-1)


# ------------------------------------------------------------------ lookup
@pytest.mark.parametrize(
    "name, cls",
    [
        ("mse", losses.MeanSquaredError),
        ("mean_squared_error", losses.MeanSquaredError),
        ("course_mse", losses.SumSquaredError),
        ("categorical_crossentropy", losses.CategoricalCrossentropy),
        ("sparse_categorical_crossentropy", losses.SparseCategoricalCrossentropy),
        ("binary_crossentropy", losses.BinaryCrossentropy),
        ("hinge", losses.Hinge),
        ("multiclass_hinge", losses.MulticlassHinge),
        ("huber", losses.Huber),
        ("MSE", losses.MeanSquaredError),
    ],
)
def test_lookup_by_name(name, cls):
    loss = losses.resolve(name)
    assert isinstance(loss, cls)
    assert isinstance(losses.resolve(losses.serialize(loss)), cls)


def test_lookup_config_round_trip_and_instances():
    config = {"from_logits": True, "label_smoothing": 0.1}
    cce = losses.resolve({"class_name": "CategoricalCrossentropy", "config": config})
    assert cce.from_logits and cce.label_smoothing == 0.1
    again = losses.resolve(losses.serialize(cce))
    assert again.from_logits and again.label_smoothing == 0.1
    assert losses.resolve(cce) is cce
    assert losses.resolve(losses.serialize(losses.Huber(delta=0.3))).delta == 0.3
    assert isinstance(losses.resolve({"name": "mse", "average": "samples"}), losses.SumSquaredError)  # older files


def test_get_gives_keras_functions_for_function_names():
    assert losses.get("mse") is losses.mean_squared_error
    assert losses.get("categorical_crossentropy") is losses.categorical_crossentropy
    assert isinstance(losses.get("MeanSquaredError"), losses.MeanSquaredError)
    np.testing.assert_allclose(losses.get("mae")(T, t64(Y)).numpy(), np.abs(Y - T).mean(axis=1))


def test_unknown_loss_name_lists_the_known_ones():
    with pytest.raises(ConfigError) as info:
        losses.resolve("mean_cubed_error")
    message = str(info.value)
    assert "mean_cubed_error" in message and "mse" in message and "categorical_crossentropy" in message
    with pytest.raises(ConfigError):
        losses.resolve(42)


def test_custom_callable_loss_takes_targets_first_and_is_averaged():
    def l1(y_true, y_pred):
        return lg.abs(y_pred - y_true).sum(axis=-1)

    loss = losses.resolve(l1)
    assert loss.name == "l1"
    assert loss(T, t64(Y)).item() == pytest.approx(np.abs(Y - T).sum(axis=1).mean())


def test_loss_subclass_defines_call():
    class Cubed(losses.Loss):
        def call(self, y_true, y_pred):
            d = y_pred - y_true
            return (d * d * d).mean(axis=-1)

    lg.layers.clear_session()
    assert Cubed().name == "cubed" and Cubed().name == "cubed_1"  # Keras's automatic names
    assert Cubed()(T, t64(Y)).item() == pytest.approx(((Y - T) ** 3).mean())
