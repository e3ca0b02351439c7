"""torch.special on NumPy alone: values against real torch (float64, wide ranges) and central-difference
gradchecks of every new differentiable op."""

from __future__ import annotations

import numpy as np
import pytest

import ligero
from ligero.ops import special as ops_special

torch = pytest.importorskip("torch")

X = np.linspace(-4.5, 4.5, 37)
P = np.linspace(0.001, 0.999, 41)
POS = np.concatenate([np.linspace(0.05, 3, 20), [5.5, 12.0, 40.0]])
NEG = np.array([-3.7, -2.5, -1.2, -0.3])
CASES = [("expit", X), ("logit", P), ("erf", X), ("erfc", X), ("erfinv", 2 * P - 1), ("log1p", P), ("expm1", X),
         ("exp2", X), ("ndtr", X), ("ndtri", P), ("log_ndtr", np.linspace(-20, 5, 26)), ("sinc", X),
         ("entr", np.concatenate([[0.0, -1.0], POS])), ("gammaln", np.concatenate([POS, NEG])),
         ("digamma", np.concatenate([POS, NEG])), ("i0", np.linspace(-40, 40, 33))]


@pytest.mark.parametrize(("name", "values"), CASES, ids=[c[0] for c in CASES])
def test_values_match_torch(name: str, values: np.ndarray) -> None:
    ours = getattr(ligero.special, name)(ligero.tensor(values)).numpy()
    theirs = getattr(torch.special, name)(torch.tensor(values)).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-9 if name not in ("erfinv", "ndtri") else 1e-12, atol=1e-12)


def test_binary_and_eps_forms_match_torch() -> None:
    x = np.array([0.0, 0.0, 1.0, 2.5, -1.0])
    y = np.array([0.0, 3.0, 2.0, 0.5, 4.0])
    for name in ("xlogy", "xlog1py"):
        ours = getattr(ligero.special, name)(ligero.tensor(x), ligero.tensor(y)).numpy()
        np.testing.assert_allclose(ours, getattr(torch.special, name)(torch.tensor(x), torch.tensor(y)).numpy())
    assert ligero.xlogy(ligero.tensor([2.0]), 3.0).item() == pytest.approx(torch.xlogy(torch.tensor([2.0]), 3.0).item())
    p = np.array([0.0, 0.0005, 0.5, 0.9999, 1.0])
    np.testing.assert_allclose(ligero.special.logit(ligero.tensor(p), eps=1e-3).numpy(),
                               torch.special.logit(torch.tensor(p), eps=1e-3).numpy())
    assert ligero.special.erf(ligero.tensor([1, 2])).dtype == ligero.float32  # integers become the default float


GRAD = [(ops_special.erfc, X[::3]), (ops_special.erfinv, 2 * P[::4] - 1), (ops_special.lgamma, POS[:12]),
        (ops_special.digamma, np.concatenate([POS[:10], NEG])), (ops_special.i0, np.linspace(-6, 6, 9)),
        (ops_special.ndtr, X[::3]), (ops_special.ndtri, P[::4]), (ops_special.log_ndtr, np.linspace(-8, 4, 7)),
        (ops_special.sinc, np.array([-1.3, -0.4, 0.3, 0.75, 2.2])), (ops_special.entr, POS[:10]),
        (ops_special.exp2, X[::3]), (ops_special.logit, P[2::5])]


@pytest.mark.parametrize(("fn", "values"), GRAD, ids=[g[0].__name__ for g in GRAD])
def test_gradcheck(fn, values: np.ndarray) -> None:
    assert ligero.gradcheck(fn, [values]) < 1e-6


def test_gradcheck_binary_and_clamped() -> None:
    x, y = np.array([[0.5, 1.5, -2.0]]), np.array([[0.7], [2.0]])
    assert ligero.gradcheck(ops_special.xlogy, [x, y]) < 1e-6
    assert ligero.gradcheck(ops_special.xlog1py, [x, y]) < 1e-6
    assert ligero.gradcheck(lambda p: ops_special.logit(p, eps=0.05), [np.array([0.01, 0.3, 0.98])]) < 1e-6


def test_gradients_match_torch() -> None:
    v = np.array([0.2, 0.5, 1.7, 3.0])
    ours = ligero.tensor(v, requires_grad=True)
    theirs = torch.tensor(v, requires_grad=True)
    for mod, t in ((ligero, ours), (torch, theirs)):
        sp = mod.special
        (sp.gammaln(t) + sp.digamma(t) + sp.i0(t) + sp.xlogy(t, t + 1) + sp.entr(t)).sum().backward()
    np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=1e-9)


def test_i0_gradient_at_large_arguments_matches_torch() -> None:
    v = np.array([-35.0, -12.0, 20.0, 35.0, 300.0])
    t = torch.tensor(v, requires_grad=True)
    torch.special.i0(t).sum().backward()
    np.testing.assert_allclose(ops_special.i1_array(v), t.grad.numpy(), rtol=1e-9)
