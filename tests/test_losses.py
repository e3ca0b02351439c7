"""Losses and weight penalties: values by hand and against PyTorch, gradient checks, lookup.

Only the tests that compare with PyTorch need it (``pytest.importorskip`` inside them).
"""

from __future__ import annotations

import warnings

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
def test_mse_by_hand_both_averages():
    # squared errors: row 0 -> 1 + 4 = 5, row 1 -> 4 + 9 = 13
    assert losses.MeanSquaredError()(t64(Y), T).item() == pytest.approx((5 + 13) / 2)
    assert losses.MeanSquaredError(average="elements")(t64(Y), T).item() == pytest.approx(18 / 4)
    assert losses.get("mse_elements")(t64(Y), T).item() == pytest.approx(4.5)


def test_mse_gradient_by_hand():
    y = t64(Y, grad=True)
    losses.get("mse")(y, T).backward()
    np.testing.assert_allclose(y.grad, 2 * (Y - T) / 2)  # 2 (y - t) / N
    y = t64(Y, grad=True)
    losses.get("mse_elements")(y, T).backward()
    np.testing.assert_allclose(y.grad, 2 * (Y - T) / 4)  # 2 (y - t) / (N C)


def test_mse_matches_torch():
    torch = pytest.importorskip("torch")
    y, t = randn(6, 3, seed=1), randn(6, 3, seed=2)
    expected = torch.nn.functional.mse_loss(torch.tensor(y), torch.tensor(t)).item()
    assert losses.MeanSquaredError(average="elements")(t64(y), t).item() == pytest.approx(expected, rel=1e-12)
    assert losses.MeanSquaredError()(t64(y), t).item() == pytest.approx(3 * expected, rel=1e-12)


def test_mse_single_output_accepts_flat_targets():
    y = t64([[1.0], [2.0], [4.0]])
    assert losses.get("mse")(y, np.array([0.0, 2.0, 2.0])).item() == pytest.approx((1 + 0 + 4) / 3)


# ------------------------------------------------------- categorical CE
def test_cross_entropy_by_hand():
    z = np.array([[0.0, 0.0], [np.log(3.0), 0.0]])  # softmax rows: (1/2, 1/2), (3/4, 1/4)
    expected = -(np.log(0.5) + np.log(0.25)) / 2
    loss = losses.CategoricalCrossentropy(from_logits=True)
    assert loss(t64(z), np.array([1, 1])).item() == pytest.approx(expected)
    assert loss(t64(z), onehot([1, 1], 2)).item() == pytest.approx(expected)
    probs = losses.CategoricalCrossentropy(from_logits=False)
    assert probs(t64([[0.5, 0.5], [0.75, 0.25]]), np.array([1, 1])).item() == pytest.approx(expected)


@pytest.mark.parametrize("targets", ["index", "onehot", "soft"])
def test_cross_entropy_from_logits_matches_torch(targets):
    torch = pytest.importorskip("torch")
    z = randn(7, 4, seed=3) * 3
    labels = np.array([0, 3, 1, 2, 2, 0, 3])
    if targets == "index":
        t, t_torch = labels, torch.tensor(labels)
    elif targets == "onehot":
        t = onehot(labels, 4)
        t_torch = torch.tensor(t)
    else:
        t = softmax(randn(7, 4, seed=4))
        t_torch = torch.tensor(t)
    zt = torch.tensor(z, requires_grad=True)
    expected = torch.nn.functional.cross_entropy(zt, t_torch)
    expected.backward()
    logits = t64(z, grad=True)
    loss = losses.CategoricalCrossentropy(from_logits=True)(logits, t)
    loss.backward()
    assert loss.item() == pytest.approx(expected.item(), rel=1e-12)
    np.testing.assert_allclose(logits.grad, zt.grad.numpy(), rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("targets", ["index", "onehot"])
def test_cross_entropy_after_softmax_is_fused_and_equals_unfused(targets):
    z = randn(6, 5, seed=5) * 2
    labels = np.array([4, 0, 2, 2, 1, 3])
    t = labels if targets == "index" else onehot(labels, 5)

    fused_z = t64(z, grad=True)
    probs = lg.softmax(fused_z)
    fused = losses.get("categorical_crossentropy")(probs, t)
    assert fused.op == "cross_entropy"  # reached back to the softmax's input
    fused.backward()

    plain_z = t64(z, grad=True)
    unfused = -(lg.log(lg.softmax(plain_z)) * onehot(labels, 5)).sum() / 6
    unfused.backward()

    assert fused.item() == pytest.approx(unfused.item(), rel=1e-12)
    np.testing.assert_allclose(fused_z.grad, plain_z.grad, rtol=1e-9, atol=1e-14)


def test_cross_entropy_after_softmax_is_stable_for_huge_logits():
    z = t64([[1000.0, 0.0], [0.0, 1000.0]], grad=True)
    loss = losses.get("categorical_crossentropy")(lg.softmax(z), np.array([1, 1]))
    assert loss.item() == pytest.approx(500.0)  # the unfused log(0) would give inf
    loss.backward()
    np.testing.assert_allclose(z.grad, [[0.5, -0.5], [0.0, 0.0]], atol=1e-12)


def test_cross_entropy_after_softmax_over_the_wrong_axis_is_not_fused():
    # A softmax over the samples (axis 0) is not a distribution per row: the loss must use
    # the probabilities it was given, not re-softmax the parent over the classes.
    z = t64(randn(4, 3, seed=6), grad=True)
    p = lg.softmax(z, axis=0)
    labels = np.array([0, 1, 2, 0])
    loss = losses.get("categorical_crossentropy")(p, labels)
    assert loss.item() == pytest.approx(-np.log(p.data[np.arange(4), labels]).mean(), rel=1e-12)
    assert_gradcheck(lambda z: losses.get("categorical_crossentropy")(lg.softmax(z, axis=0), labels),
                     [randn(4, 3, seed=6)])


def test_cross_entropy_from_plain_probabilities_is_clipped():
    p = np.array([[0.7, 0.2, 0.1], [0.0, 1.0, 0.0]])
    loss = losses.CategoricalCrossentropy(from_logits=False)(t64(p), np.array([0, 0])).item()
    assert loss == pytest.approx(-(np.log(0.7) + np.log(1e-7)) / 2)
    assert np.isfinite(loss)


def test_scores_train_as_logits_by_default():
    # A linear output layer's scores (the course's Dense(10) + cross-entropy): softmax applied.
    z = randn(4, 3, seed=9)
    labels = np.array([0, 2, 1, 1])
    auto = losses.get("categorical_crossentropy")(t64(z), labels).item()
    assert auto == pytest.approx(losses.CategoricalCrossentropy(from_logits=True)(t64(z), labels).item())
    assert auto == pytest.approx(-np.log(softmax(z)[np.arange(4), labels]).mean(), rel=1e-12)


def test_scores_given_as_probabilities_give_a_warning():
    scores = t64([[2.0, -1.0], [0.5, 3.0]])
    with pytest.warns(RuntimeWarning, match="not probabilities.*from_logits=True"):
        losses.CategoricalCrossentropy(from_logits=False)(scores, np.array([0, 1]))
    with pytest.warns(RuntimeWarning, match="not probabilities"):
        losses.get("binary_crossentropy")(scores, np.ones((2, 2)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        losses.CategoricalCrossentropy(from_logits=False)(t64([[1.0, 0.0], [0.3, 0.7]]), np.array([0, 1]))
        losses.get("binary_crossentropy")(t64([[1.0, 0.0]]), np.ones((1, 2)))


def test_cross_entropy_from_probabilities_matches_torch():
    torch = pytest.importorskip("torch")
    z = randn(5, 3, seed=8)
    labels = np.array([0, 2, 1, 1, 0])
    p = lg.softmax(t64(z))  # no graph: the probability path
    expected = torch.nn.functional.nll_loss(torch.log(torch.tensor(p.array)), torch.tensor(labels)).item()
    assert losses.get("cce")(p, labels).item() == pytest.approx(expected, rel=1e-12)


def test_cross_entropy_label_and_shape_errors():
    loss = losses.CategoricalCrossentropy(from_logits=True)
    z = t64(np.zeros((3, 10)))
    with pytest.raises(DataError, match=r"10"):
        loss(z, np.array([0, 10, 2]))
    with pytest.raises(DataError, match=r"2\.5"):
        loss(z, np.array([0, 2.5, 2]))
    with pytest.raises(DataError):
        loss(z, np.array([0, -1, 2]))
    with pytest.raises(ShapeError, match=r"\(3, 4\).*\(3, 10\)"):
        loss(z, np.zeros((3, 4)))
    with pytest.raises(ShapeError):
        losses.CategoricalCrossentropy()(t64(np.full((2, 2, 2), 0.5)), np.array([0, 1]))


# ------------------------------------------------------------- binary CE
def test_binary_cross_entropy_by_hand():
    p = t64([[0.5], [0.8]])
    t = np.array([[1.0], [0.0]])
    expected = -(np.log(0.5) + np.log(0.2)) / 2
    assert losses.get("binary_crossentropy")(p, t).item() == pytest.approx(expected)
    z = t64([[0.0], [np.log(4.0)]])  # sigmoid -> 0.5, 0.8
    assert losses.BinaryCrossentropy(from_logits=True)(z, t).item() == pytest.approx(expected)


def test_binary_cross_entropy_matches_torch():
    torch = pytest.importorskip("torch")
    z = randn(8, 3, seed=9) * 3
    t = (randn(8, 3, seed=10) > 0).astype(np.float64)
    zt = torch.tensor(z, requires_grad=True)
    expected = torch.nn.functional.binary_cross_entropy_with_logits(zt, torch.tensor(t))
    expected.backward()
    logits = t64(z, grad=True)
    loss = losses.BinaryCrossentropy(from_logits=True)(logits, t)
    loss.backward()
    assert loss.item() == pytest.approx(expected.item(), rel=1e-12)
    np.testing.assert_allclose(logits.grad, zt.grad.numpy(), rtol=1e-10, atol=1e-14)

    p = 1 / (1 + np.exp(-z))
    pt = torch.tensor(p, requires_grad=True)
    expected = torch.nn.functional.binary_cross_entropy(pt, torch.tensor(t))
    expected.backward()
    probs = t64(p, grad=True)
    loss = losses.BinaryCrossentropy()(probs, t)
    loss.backward()
    assert loss.item() == pytest.approx(expected.item(), rel=1e-10)
    np.testing.assert_allclose(probs.grad, pt.grad.numpy(), rtol=1e-8)


def test_binary_cross_entropy_after_sigmoid_is_fused_and_stable():
    z = randn(6, 2, seed=11) * 2
    t = (randn(6, 2, seed=12) > 0).astype(np.float64)
    fused_z = t64(z, grad=True)
    fused = losses.get("bce")(lg.sigmoid(fused_z), t)
    fused.backward()
    plain_z = t64(z, grad=True)
    p = lg.sigmoid(plain_z)
    unfused = -(t * lg.log(p) + (1 - t) * lg.log(1 - p)).mean()
    unfused.backward()
    assert fused.item() == pytest.approx(unfused.item(), rel=1e-12)
    np.testing.assert_allclose(fused_z.grad, plain_z.grad, rtol=1e-9)
    huge = losses.get("bce")(lg.sigmoid(t64([[-800.0]], grad=True)), np.array([[1.0]]))
    assert huge.item() == pytest.approx(800.0)


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
    loss = losses.get("hinge")
    assert loss(t64(s[:1]), labels[:1]).item() == pytest.approx(2.9)
    assert loss(t64(s), labels).item() == pytest.approx((2.9 + 0 + 12.9) / 3)
    assert loss(t64(s), onehot(labels, 3)).item() == pytest.approx(_hinge_loop(s, labels))
    assert losses.MulticlassHinge(margin=2.0)(t64(s), labels).item() == pytest.approx(_hinge_loop(s, labels, 2.0))


def test_multiclass_hinge_matches_torch():
    torch = pytest.importorskip("torch")
    s = randn(9, 4, seed=13)
    labels = np.array([0, 1, 2, 3, 0, 1, 2, 3, 3])
    st = torch.tensor(s, requires_grad=True)
    # torch divides each sample's sum by C (and counts the j = y term as 0 the same way)
    expected = torch.nn.functional.multi_margin_loss(st, torch.tensor(labels)) * 4
    expected.backward()
    scores = t64(s, grad=True)
    loss = losses.MulticlassHinge()(scores, labels)
    loss.backward()
    assert loss.item() == pytest.approx(expected.item(), rel=1e-12)
    assert loss.item() == pytest.approx(_hinge_loop(s, labels), rel=1e-12)
    np.testing.assert_allclose(scores.grad, st.grad.numpy(), rtol=1e-10, atol=1e-14)


# ------------------------------------------------------- gradient checks
def _hinge_scores() -> np.ndarray:
    s = randn(5, 4, seed=14)
    labels = np.array([0, 1, 2, 3, 1])
    margins = s - s[np.arange(5), labels][:, None] + 1
    assert np.abs(margins).min() > 1e-3  # away from the hinge's kink
    return s


GRAD_CASES = {
    "mse_samples": (lambda y: losses.MeanSquaredError()(y, randn(5, 3, seed=1)), randn(5, 3)),
    "mse_elements": (lambda y: losses.MeanSquaredError("elements")(y, randn(5, 3, seed=1)), randn(5, 3)),
    "cce_logits_index": (
        lambda z: losses.CategoricalCrossentropy(from_logits=True)(z, np.array([0, 2, 1, 2, 0])), randn(5, 3)),
    "cce_logits_onehot": (
        lambda z: losses.CategoricalCrossentropy(from_logits=True)(z, onehot([0, 2, 1, 2, 0], 3)), randn(5, 3)),
    "cce_logits_soft": (
        lambda z: losses.CategoricalCrossentropy(from_logits=True)(z, softmax(randn(5, 3, seed=2))), randn(5, 3)),
    "cce_after_softmax": (
        lambda z: losses.CategoricalCrossentropy()(lg.softmax(z), np.array([1, 1, 0, 2, 0])), randn(5, 3)),
    "cce_probabilities": (
        lambda p: losses.CategoricalCrossentropy(from_logits=False)(p, onehot([1, 1, 0, 2, 0], 3)),
        np.random.default_rng(0).uniform(0.1, 0.9, (5, 3))),
    "bce_logits": (
        lambda z: losses.BinaryCrossentropy(from_logits=True)(z, (randn(5, 2, seed=3) > 0) * 1.0), randn(5, 2)),
    "bce_after_sigmoid": (
        lambda z: losses.BinaryCrossentropy()(lg.sigmoid(z), (randn(5, 2, seed=3) > 0) * 1.0), randn(5, 2)),
    "bce_probabilities": (
        lambda p: losses.BinaryCrossentropy()(p, (randn(5, 2, seed=3) > 0) * 1.0),
        np.random.default_rng(1).uniform(0.1, 0.9, (5, 2))),
    "hinge_index": (lambda s: losses.MulticlassHinge()(s, np.array([0, 1, 2, 3, 1])), _hinge_scores()),
    "hinge_onehot": (lambda s: losses.MulticlassHinge()(s, onehot([0, 1, 2, 3, 1], 4)), _hinge_scores()),
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
        ("categorical_crossentropy", losses.CategoricalCrossentropy),
        ("binary_crossentropy", losses.BinaryCrossentropy),
        ("hinge", losses.MulticlassHinge),
        ("MSE", losses.MeanSquaredError),
    ],
)
def test_lookup_by_name(name, cls):
    loss = losses.get(name)
    assert isinstance(loss, cls)
    assert isinstance(losses.get(loss.get_config()), cls)


def test_lookup_config_round_trip_and_instances():
    mse = losses.get({"name": "mse", "average": "elements"})
    assert mse.average == "elements"
    assert losses.get(mse.get_config()).average == "elements"
    assert losses.get(losses.get("mse_elements").get_config()).average == "elements"
    cce = losses.get({"name": "categorical_crossentropy", "from_logits": True})
    assert cce.from_logits
    assert losses.get(cce) is cce
    assert losses.get("mse").average == "samples"


def test_unknown_loss_name_lists_the_known_ones():
    with pytest.raises(ConfigError) as info:
        losses.get("mean_cubed_error")
    message = str(info.value)
    assert "mean_cubed_error" in message and "mse" in message and "categorical_crossentropy" in message
    with pytest.raises(ConfigError, match="average"):
        losses.MeanSquaredError(average="rows")
    with pytest.raises(ConfigError):
        losses.get(42)


def test_custom_callable_loss():
    def l1(y, t):
        return lg.abs(y - t).mean()

    loss = losses.get(l1)
    assert loss.name == "l1"
    assert loss(t64(Y), T).item() == pytest.approx(np.abs(Y - T).mean())
