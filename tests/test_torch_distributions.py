"""``ligero.distributions`` (torch.distributions): log_prob, entropy, moments and KL against real torch for
the same parameters and values (and their gradients), sample statistics, reparametrised gradients, errors."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from conftest import assert_gradcheck, positive, randn

torch = pytest.importorskip("torch")
pytest.importorskip("torch.distributions")

TOL = 1e-9
LOC, SCALE, X = randn(3, 2), positive(3, 2), randn(4, 3, 2, seed=1)
LOGITS, PROBS = randn(3, 4), positive(3, 4, seed=2)
CATS = np.array([[0, 1, 3], [2, 2, 0]])
B_PROBS, B_LOGITS, B_X = positive(5) / 2.5, randn(5, seed=3), np.array([0.0, 1, 1, 0, 1])
LOW = randn(3, seed=4)
HIGH = LOW + positive(3, seed=5)
MU, A = randn(2, 3, seed=6), randn(2, 3, 3, seed=7)
TRIL = np.tril(A[0]) + np.diag(np.abs(np.diag(A[0])) + 0.5) - np.diag(np.diag(A[0]))
MVN_X = randn(5, 2, 3, seed=8)


def _cov(T, a):
    return a @ a.mT + T.eye(3, dtype=a.dtype)


def _normal(T, a, b):
    return T.distributions.Normal(a, b)


CASES = {
    "Normal log_prob": (lambda T, a, b: _normal(T, a, b).log_prob(T.tensor(X)), [LOC, SCALE]),
    "Normal entropy": (lambda T, a, b: _normal(T, a, b).entropy(), [LOC, SCALE]),
    "Normal cdf": (lambda T, a, b: _normal(T, a, b).cdf(T.tensor(X)), [LOC, SCALE]),
    "Normal moments": (lambda T, a, b: T.stack([(d := _normal(T, a, b)).mean, d.variance, d.stddev, d.mode]),
                       [LOC, SCALE]),
    "Normal KL": (lambda T, a, b, c, e: T.distributions.kl_divergence(_normal(T, a, b), _normal(T, c, e)),
                  [LOC, SCALE, LOC[::-1].copy(), SCALE[::-1].copy()]),
    "Categorical logits log_prob": (lambda T, z: T.distributions.Categorical(logits=z).log_prob(T.tensor(CATS)),
                                    [LOGITS]),
    "Categorical probs log_prob": (lambda T, p: T.distributions.Categorical(probs=p).log_prob(T.tensor(CATS)),
                                   [PROBS]),
    "Categorical logits entropy": (lambda T, z: T.distributions.Categorical(logits=z).entropy(), [LOGITS]),
    "Categorical probs entropy": (lambda T, p: T.distributions.Categorical(probs=p).entropy(), [PROBS]),
    "Categorical both parametrisations": (
        lambda T, p: T.cat([(d := T.distributions.Categorical(probs=p)).logits, d.probs]), [PROBS]),
    "Categorical KL": (lambda T, z, p: T.distributions.kl_divergence(T.distributions.Categorical(logits=z),
                                                                     T.distributions.Categorical(probs=p)),
                       [LOGITS, PROBS]),
    "Bernoulli probs log_prob": (lambda T, p: T.distributions.Bernoulli(probs=p).log_prob(T.tensor(B_X)), [B_PROBS]),
    "Bernoulli logits log_prob": (lambda T, z: T.distributions.Bernoulli(logits=z).log_prob(T.tensor(B_X)),
                                  [B_LOGITS]),
    "Bernoulli entropy": (lambda T, z: T.distributions.Bernoulli(logits=z).entropy(), [B_LOGITS]),
    "Bernoulli moments": (lambda T, p: (d := T.distributions.Bernoulli(probs=p)).mean + d.variance * 3, [B_PROBS]),
    "Bernoulli KL": (lambda T, p, z: T.distributions.kl_divergence(T.distributions.Bernoulli(probs=p),
                                                                   T.distributions.Bernoulli(logits=z)),
                     [B_PROBS, B_LOGITS]),
    "Uniform log_prob": (lambda T, a, b: T.distributions.Uniform(a, b).log_prob(T.tensor(LOW + 0.05)), [LOW, HIGH]),
    "Uniform entropy and moments": (
        lambda T, a, b: T.stack([(d := T.distributions.Uniform(a, b)).entropy(), d.mean, d.variance, d.stddev]),
        [LOW, HIGH]),
    "MultivariateNormal covariance log_prob": (
        lambda T, m, a: T.distributions.MultivariateNormal(m, covariance_matrix=_cov(T, a)).log_prob(T.tensor(MVN_X)),
        [MU, A]),
    "MultivariateNormal scale_tril log_prob": (
        lambda T, m, s: T.distributions.MultivariateNormal(m, scale_tril=s.tril()).log_prob(T.tensor(MVN_X)),
        [MU, TRIL]),
    "MultivariateNormal precision log_prob": (
        lambda T, m, a: T.distributions.MultivariateNormal(m, precision_matrix=_cov(T, a)).log_prob(T.tensor(MVN_X)),
        [MU[0], A[1]]),
    "MultivariateNormal entropy": (
        lambda T, m, a: T.distributions.MultivariateNormal(m, covariance_matrix=_cov(T, a)).entropy(), [MU, A]),
    "MultivariateNormal matrices": (
        lambda T, m, a: T.cat([(d := T.distributions.MultivariateNormal(m, covariance_matrix=_cov(T, a))).scale_tril,
                               d.covariance_matrix, d.precision_matrix, d.variance.unsqueeze(-1)], -1), [MU, A]),
    "Independent log_prob": (lambda T, a, b: T.distributions.Independent(_normal(T, a, b), 1).log_prob(T.tensor(X)),
                             [LOC, SCALE]),
    "Independent entropy": (lambda T, a, b: T.distributions.Independent(_normal(T, a, b), 2).entropy(), [LOC, SCALE]),
    "Independent KL": (lambda T, a, b, c, e: T.distributions.kl_divergence(
        T.distributions.Independent(_normal(T, a, b), 1), T.distributions.Independent(_normal(T, c, e), 1)),
        [LOC, SCALE, LOC[::-1].copy(), SCALE[::-1].copy()]),
}


def _tensor(T, a):
    return T.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)


@pytest.mark.parametrize("name", list(CASES))
def test_against_torch(name):
    f, arrays = CASES[name]
    leaves, t_leaves = [_tensor(lg, a) for a in arrays], [_tensor(torch, a) for a in arrays]
    out, t_out = f(lg, *leaves), f(torch, *t_leaves)
    assert tuple(out.shape) == tuple(t_out.shape) and str(out.dtype) == str(t_out.dtype)
    np.testing.assert_allclose(out.array, t_out.detach().numpy(), rtol=TOL, atol=TOL)
    weights = randn(*out.shape, seed=99)
    out.backward(lg.tensor(weights))
    t_out.backward(torch.tensor(weights))
    for i, (leaf, t_leaf) in enumerate(zip(leaves, t_leaves)):
        t_grad = np.zeros(t_leaf.shape) if t_leaf.grad is None else t_leaf.grad.numpy()
        grad = np.zeros(leaf.array.shape) if leaf.grad is None else np.asarray(leaf.grad)
        np.testing.assert_allclose(grad, t_grad, rtol=1e-8, atol=1e-8, err_msg=f"gradient of input {i}")


@pytest.mark.parametrize("name", [n for n in CASES if "KL" in n or "log_prob" in n or "entropy" in n])
def test_gradcheck(name):
    f, arrays = CASES[name]
    assert_gradcheck(lambda *xs: f(lg, *xs), arrays)


def _reseeded_rsample(build):
    def f(*params):
        lg.manual_seed(3)  # the same noise at every evaluation: a deterministic function of the parameters
        return build(*params).rsample((4,))
    return f


@pytest.mark.parametrize("build, arrays", [
    (lambda a, b: lg.distributions.Normal(a, b), [LOC, SCALE]),
    (lambda a, b: lg.distributions.Uniform(a, b), [LOW, HIGH]),
    (lambda m, a: lg.distributions.MultivariateNormal(m, covariance_matrix=_cov(lg, a)), [MU, A]),
], ids=["Normal", "Uniform", "MultivariateNormal"])
def test_rsample_is_differentiable_in_the_parameters(build, arrays):
    assert_gradcheck(_reseeded_rsample(build), arrays)


def test_normal_rsample_is_loc_plus_scale_times_noise():
    loc, scale = lg.tensor(LOC, requires_grad=True), lg.tensor(SCALE, requires_grad=True)
    lg.manual_seed(0)
    draw = lg.distributions.Normal(loc, scale).rsample()
    draw.sum().backward()
    eps = (draw.detach() - loc.detach()) / scale.detach()
    np.testing.assert_allclose(loc.grad.numpy(), np.ones_like(LOC))
    np.testing.assert_allclose(scale.grad.numpy(), eps.numpy(), atol=1e-12)


STATS = {
    "Normal": (lambda: lg.distributions.Normal(lg.tensor([1.0, -2.0]), lg.tensor([0.5, 2.0])), [1, -2], [0.25, 4]),
    "Uniform": (lambda: lg.distributions.Uniform(lg.tensor([0.0, 2.0]), lg.tensor([1.0, 5.0])), [0.5, 3.5],
                [1 / 12, 0.75]),
    "Bernoulli": (lambda: lg.distributions.Bernoulli(probs=lg.tensor([0.2, 0.7])), [0.2, 0.7], [0.16, 0.21]),
    "Categorical": (lambda: lg.distributions.Categorical(probs=lg.tensor([0.1, 0.2, 0.7])), [1.6], [0.44]),
    "MultivariateNormal": (lambda: lg.distributions.MultivariateNormal(
        lg.tensor([1.0, 0.0]), lg.tensor([[2.0, 0.6], [0.6, 1.0]])), [1, 0], [2, 1]),
}


@pytest.mark.parametrize("name", list(STATS))
def test_sample_statistics(name):
    build, mean, var = STATS[name]
    lg.manual_seed(0)
    draws = build().sample((40000,)).double().numpy().reshape(40000, -1)
    np.testing.assert_allclose(draws.mean(0), mean, atol=0.03)
    np.testing.assert_allclose(draws.var(0), var, rtol=0.03, atol=0.003)


def test_multivariate_normal_draws_have_its_covariance():
    lg.manual_seed(1)
    cov = np.array([[2.0, 0.6], [0.6, 1.0]])
    draws = lg.distributions.MultivariateNormal(lg.zeros(2), lg.tensor(cov)).sample((40000,)).double().numpy()
    np.testing.assert_allclose(np.cov(draws.T), cov, atol=0.05)


def test_shapes_dtypes_and_seeds():
    d = lg.distributions.Categorical(logits=lg.zeros(2, 3))
    lg.manual_seed(5)
    first = d.sample((4,))
    lg.manual_seed(5)
    assert first.tolist() == d.sample((4,)).tolist()
    assert tuple(first.shape) == (4, 2) and str(first.dtype) == "torch.int64"
    ind = lg.distributions.Independent(lg.distributions.Normal(lg.zeros(3, 2), 1.0), 1)
    assert (ind.batch_shape, ind.event_shape, tuple(ind.rsample((5,)).shape)) == ((3,), (2,), (5, 3, 2))
    mvn = lg.distributions.MultivariateNormal(lg.zeros(4, 3), scale_tril=lg.eye(3))
    assert (mvn.batch_shape, mvn.event_shape, tuple(mvn.sample().shape)) == ((4,), (3,), (4, 3))
    assert str(lg.distributions.Normal(0.0, 1.0)) == str(torch.distributions.Normal(0.0, 1.0))
    assert str(lg.distributions.Bernoulli(0.5).sample((3,)).dtype) == "torch.float32"
    with lg.no_grad():
        assert not lg.distributions.Normal(lg.zeros(2, requires_grad=True), 1.0).sample().requires_grad


def test_policy_gradient_step_reaches_the_logits():
    logits = lg.tensor([[0.5, -0.2, 0.1]], requires_grad=True)
    dist = lg.distributions.Categorical(logits=logits)
    action = lg.tensor([2])
    (-dist.log_prob(action) * 2.0).sum().backward()
    p = np.exp(logits.detach().numpy()) / np.exp(logits.detach().numpy()).sum()
    np.testing.assert_allclose(logits.grad.numpy(), -2.0 * (np.eye(3)[2] - p), atol=1e-6)


def test_bad_inputs_get_one_clear_error():
    with pytest.raises(ValueError, match=r"parameter scale \(Tensor of shape \(2,\)\).*GreaterThan"):
        lg.distributions.Normal(lg.zeros(2), lg.tensor([1.0, -1.0]))
    with pytest.raises(ValueError, match="not both"):
        lg.distributions.Categorical(probs=lg.ones(3), logits=lg.ones(3))
    with pytest.raises(ValueError, match="support"):
        lg.distributions.Categorical(logits=lg.zeros(3)).log_prob(lg.tensor(3))
    with pytest.raises(ValueError, match="support"):
        lg.distributions.Bernoulli(0.3).log_prob(lg.tensor(0.5))
    with pytest.raises(ValueError, match=r"shape \(4,\).*\(3,\)"):
        lg.distributions.Normal(lg.zeros(3), 1.0).log_prob(lg.zeros(4))
    with pytest.raises(ValueError, match="Exactly one"):
        lg.distributions.MultivariateNormal(lg.zeros(2))
    with pytest.raises(ValueError, match="PositiveDefinite"):
        lg.distributions.MultivariateNormal(lg.zeros(2), -lg.eye(2))
    with pytest.raises(ValueError, match=r"\(\.\.\., 2, 2\).*\(3, 3\)"):
        lg.distributions.MultivariateNormal(lg.zeros(2), lg.eye(3))
    with pytest.raises(NotImplementedError, match="rsample"):
        lg.distributions.Categorical(logits=lg.zeros(3)).rsample()
    with pytest.raises(NotImplementedError, match="Normal.*Categorical"):
        lg.distributions.kl_divergence(lg.distributions.Normal(0.0, 1.0), lg.distributions.Categorical(lg.ones(2)))
    lg.distributions.Distribution.set_default_validate_args(False)
    try:
        assert lg.distributions.Normal(0.0, -1.0).scale.item() == -1.0
    finally:
        lg.distributions.Distribution.set_default_validate_args(True)
