"""Linear classifiers: LinearSVM and SoftmaxClassifier through the engine, and the classic Perceptron."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from ligero import ConfigError, DataError, losses, ops, regularizers
from ligero.classifiers import LinearSVM, Perceptron, SoftmaxClassifier, softmax
from ligero.experiments.perceptron_rule import find_cycle, gate

CLASSIFIERS = [LinearSVM, SoftmaxClassifier]


def blobs(n_per_class: int = 30, labels=(3, 7, 9), seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Three well separated Gaussian blobs in 4-D, labelled with ``labels`` (not 0..K-1)."""
    rng = np.random.default_rng(seed)
    centers = np.array([[4, 0, 0, 0], [0, 4, 0, 0], [0, 0, 4, 0]], dtype=np.float64)
    x = np.concatenate([c + 0.5 * rng.standard_normal((n_per_class, 4)) for c in centers])
    y = np.repeat(np.asarray(labels), n_per_class)
    return x.astype(np.float32), y


@pytest.mark.parametrize("cls", CLASSIFIERS)
def test_learns_separable_problem(cls):
    x, y = blobs()
    clf = cls(reg=1e-3, lr=0.05, epochs=30, batch_size=16, seed=0).fit(x, y, validation_data=(x, y))
    assert clf.score(x, y) == 1.0
    assert list(clf.classes_) == [3, 7, 9]
    assert set(np.unique(clf.predict(x))) == {3, 7, 9}
    assert clf.history_["val_accuracy"][-1] == 1.0
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(clf.history_)
    assert all(len(v) == 30 for v in clf.history_.values())


@pytest.mark.parametrize("cls", CLASSIFIERS)
def test_score_matches_predict_and_proba(cls):
    x, y = blobs(seed=1)
    rng = np.random.default_rng(5)
    y_noisy = y.copy()
    flip = rng.choice(len(y), 20, replace=False)
    y_noisy[flip] = rng.choice([3, 7, 9], 20)
    clf = cls(reg=1e-2, lr=0.01, epochs=2, batch_size=8, seed=0).fit(x, y_noisy)
    assert clf.score(x, y_noisy) == pytest.approx(np.mean(clf.predict(x) == y_noisy))
    scores = clf.decision_function(x)
    assert scores.shape == (len(x), 3)
    proba = clf.predict_proba(x)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(clf.classes_[proba.argmax(axis=1)], clf.predict(x))
    assert clf.coef_.shape == (4, 3) and clf.intercept_.shape == (3,)


def test_same_seed_same_model_and_errors():
    x, y = blobs()
    a = LinearSVM(lr=0.01, epochs=3, seed=4).fit(x, y)
    b = LinearSVM(lr=0.01, epochs=3, seed=4).fit(x, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    with pytest.raises(ConfigError):
        LinearSVM().predict(x)
    with pytest.raises(DataError):
        a.fit(x, y, validation_data=(x, np.full(len(y), 5)))
    with pytest.raises(DataError):
        LinearSVM().fit(x, np.zeros(len(x)))
    with pytest.raises(ConfigError):
        LinearSVM(C=-1)


def test_C_sets_lambda():
    clf = SoftmaxClassifier(C=2.0)
    assert clf.regularization(100) == pytest.approx(1 / (2 * 2.0 * 100))
    assert SoftmaxClassifier(reg=0.3).regularization(100) == 0.3


def _hand_svm_gradient(x, W, b, y, reg, margin=1.0):
    """CS231n's vectorized multiclass-hinge gradient, written out by hand."""
    n = len(x)
    s = x @ W + b
    m = s - s[np.arange(n), y][:, None] + margin
    m[np.arange(n), y] = 0
    mask = (m > 0).astype(np.float64)
    mask[np.arange(n), y] = -mask.sum(axis=1)
    loss = np.maximum(m, 0).sum() / n + reg * np.sum(W * W)
    return loss, x.T @ mask / n + 2 * reg * W, mask.sum(axis=0) / n


def _hand_softmax_gradient(x, W, b, y, reg):
    n = len(x)
    p = softmax(x @ W + b)
    loss = -np.log(p[np.arange(n), y]).mean() + reg * np.sum(W * W)
    p[np.arange(n), y] -= 1
    return loss, x.T @ p / n + 2 * reg * W, p.sum(axis=0) / n


@pytest.mark.parametrize("kind", ["svm", "softmax"])
def test_engine_gradient_matches_hand_written(kind):
    rng = np.random.default_rng(0)
    x, y, reg = rng.standard_normal((6, 5)), np.array([0, 1, 2, 3, 1, 0]), 0.1
    W0, b0 = 0.5 * rng.standard_normal((5, 4)), 0.1 * rng.standard_normal(4)
    W = lg.tensor(W0, requires_grad=True, dtype=np.float64)
    b = lg.tensor(b0, requires_grad=True, dtype=np.float64)
    loss_fn = losses.MulticlassHinge() if kind == "svm" else losses.SparseCategoricalCrossentropy(from_logits=True)
    total = loss_fn(y, ops.linear(lg.tensor(x, dtype=np.float64), W, b)) + regularizers.L2(reg)(W)
    total.backward()
    hand = _hand_svm_gradient if kind == "svm" else _hand_softmax_gradient
    loss, dW, db = hand(x, W0, b0, y, reg)
    assert float(total.data) == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(W.grad, dW, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(b.grad, db, rtol=1e-10, atol=1e-12)


def test_linear_svm_step_is_hand_written_gradient_step():
    """One full-batch epoch of LinearSVM.fit moves W by exactly −lr · (hand-written gradient)."""
    x, y = blobs(n_per_class=5)
    kw = dict(reg=0.05, epochs=1, batch_size=len(x), seed=3, init_std=0.5)
    start = LinearSVM(lr=0.0, **kw).fit(x, y)  # lr 0: the initial weights of the same seed
    moved = LinearSVM(lr=0.1, **kw).fit(x, y)
    idx = np.searchsorted(start.classes_, y)
    _, dW, db = _hand_svm_gradient(x.astype(np.float64), start.coef_.astype(np.float64),
                                   start.intercept_.astype(np.float64), idx, 0.05)
    np.testing.assert_allclose(moved.coef_, start.coef_ - 0.1 * dW, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(moved.intercept_, start.intercept_ - 0.1 * db, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("encoding", ["binary", "bipolar"])
@pytest.mark.parametrize("name", ["AND", "OR"])
def test_perceptron_converges_on_and_or(name, encoding):
    x, t = gate(name, encoding)
    p = Perceptron(lr=1.0, epochs=50, encoding=encoding).fit(x, t)
    assert p.converged_ and p.errors_[-1] == 0 and len(p.errors_) < 50
    assert p.score(x, t) == 1.0
    np.testing.assert_array_equal(p.predict(x), t)


@pytest.mark.parametrize("encoding", ["binary", "bipolar"])
def test_perceptron_never_converges_on_xnor(encoding):
    x, t = gate("XNOR", encoding)
    p = Perceptron(lr=1.0, epochs=100, encoding=encoding).fit(x, t)
    assert not p.converged_
    assert len(p.errors_) == 100 and min(p.errors_) > 0
    assert p.score(x, t) < 1.0
    assert find_cycle(p.weights_) is not None  # the weights repeat: it would cycle for ever


def test_perceptron_rule_by_hand_and_multi_unit():
    # one update from zero weights: p = (1, 1), t = 1, a = step(0) = 1 -> no change; t = 0 -> w = -p, b = -1
    p = Perceptron(epochs=1).fit(np.array([[1.0, 1.0]]), np.array([0.0]))
    np.testing.assert_array_equal(p.coef_, [-1.0, -1.0])
    assert p.intercept_ == -1.0
    x, _ = gate("AND")
    t2 = np.stack([gate("AND")[1], gate("OR")[1]], axis=1)
    q = Perceptron(epochs=50).fit(x, t2)
    assert q.converged_ and q.score(x, t2) == 1.0 and q.coef_.shape == (2, 2)
    with pytest.raises(DataError):
        Perceptron().fit(x, np.array([0, 1, 2, 1]))


def test_ligero_linear_is_the_op_after_importing_the_classifiers():
    """The classifiers live in ``ligero.classifiers``, so ``lg.linear`` stays the fused op."""
    import ligero.classifiers  # noqa: F401 - the import is the point

    x, w, b = np.ones((2, 3)), np.ones((3, 4)), np.arange(4.0)
    np.testing.assert_array_equal(lg.linear(x, w, b).data, ops.linear(x, w, b).data)
