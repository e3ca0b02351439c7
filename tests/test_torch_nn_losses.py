"""ligero.nn losses against real PyTorch: every reduction, weights, ignore_index, smoothing, soft targets."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
import ligero.nn as nn
import ligero.nn.functional as F
from conftest import assert_gradcheck

torch = pytest.importorskip("torch")
TF = torch.nn.functional
RNG = np.random.default_rng(11)


def arr(*shape, low=-2.0, high=2.0):
    return RNG.uniform(low, high, shape).astype(np.float32)


def both(fn_lig, fn_torch, x, *rest, rtol=1e-4, atol=1e-5):
    """Loss value and input gradient agree (``rest`` are targets/constants, passed as arrays / tensors)."""
    xl, xt = lg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out = fn_lig(xl, *rest)
    ref = fn_torch(xt, *[torch.tensor(r) if isinstance(r, np.ndarray) else r for r in rest])
    np.testing.assert_allclose(out.array, ref.detach().numpy(), rtol=rtol, atol=atol)
    w = np.random.default_rng(0).standard_normal(out.shape).astype(np.float32)
    (out * w).sum().backward()
    (ref * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(xl.grad_array, xt.grad.numpy(), rtol=rtol, atol=atol)


REDUCTIONS = ["mean", "sum", "none"]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", ["mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss"])
def test_regression_losses(name, reduction):
    x, y = arr(4, 3), arr(4, 3)
    both(lambda a, b: getattr(F, name)(a, b, reduction=reduction),
         lambda a, b: getattr(TF, name)(a, b, reduction=reduction), x, y)


def test_smooth_l1_beta_and_huber_delta():
    x, y = arr(5, 2), arr(5, 2)
    both(lambda a, b: F.smooth_l1_loss(a, b, beta=0.5), lambda a, b: TF.smooth_l1_loss(a, b, beta=0.5), x, y)
    both(lambda a, b: F.huber_loss(a, b, delta=0.3), lambda a, b: TF.huber_loss(a, b, delta=0.3), x, y)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_indices_fused_path(reduction):
    both(lambda a, t: F.cross_entropy(a, t, reduction=reduction),
         lambda a, t: TF.cross_entropy(a, t, reduction=reduction), arr(6, 5), np.array([0, 4, 2, 2, 1, 3]))


def test_cross_entropy_uses_the_fused_op():
    out = F.cross_entropy(lg.tensor(arr(3, 4), requires_grad=True), np.array([0, 1, 3]))
    assert out.op == "cross_entropy"


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_weight_ignore_smoothing(reduction):
    w = np.array([0.5, 2.0, 1.0, 1.5, 0.3], np.float32)
    t = np.array([0, 4, -100, 2, 1, 3])
    both(lambda a, t: F.cross_entropy(a, t, weight=w, ignore_index=-100, reduction=reduction, label_smoothing=0.1),
         lambda a, t: TF.cross_entropy(a, t, weight=torch.tensor(w), ignore_index=-100, reduction=reduction,
                                       label_smoothing=0.1), arr(6, 5), t)
    both(lambda a, t: F.cross_entropy(a, t, ignore_index=2, reduction=reduction),
         lambda a, t: TF.cross_entropy(a, t, ignore_index=2, reduction=reduction), arr(6, 5),
         np.array([0, 4, 2, 2, 1, 3]))


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_spatial_and_probabilities(reduction):
    both(lambda a, t: F.cross_entropy(a, t, reduction=reduction),
         lambda a, t: TF.cross_entropy(a, t, reduction=reduction), arr(2, 4, 3, 2), RNG.integers(0, 4, (2, 3, 2)))
    p = RNG.dirichlet(np.ones(4), 5).astype(np.float32)
    both(lambda a, t: F.cross_entropy(a, t, reduction=reduction, label_smoothing=0.2),
         lambda a, t: TF.cross_entropy(a, t, reduction=reduction, label_smoothing=0.2), arr(5, 4), p)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_nll_and_bce(reduction):
    logp = np.log(RNG.dirichlet(np.ones(3), 4)).astype(np.float32)
    both(lambda a, t: F.nll_loss(a, t, reduction=reduction), lambda a, t: TF.nll_loss(a, t, reduction=reduction),
         logp, np.array([2, 0, 1, 1]))
    p, y = arr(4, 3, low=0.05, high=0.95), (RNG.random((4, 3)) > 0.5).astype(np.float32)
    wt = arr(4, 3, low=0.5, high=2)
    both(lambda a, t: F.binary_cross_entropy(a, t, weight=wt, reduction=reduction),
         lambda a, t: TF.binary_cross_entropy(a, t, weight=torch.tensor(wt), reduction=reduction), p, y)
    pw = np.array([1.0, 3.0, 0.5], np.float32)
    both(lambda a, t: F.binary_cross_entropy_with_logits(a, t, reduction=reduction, pos_weight=pw),
         lambda a, t: TF.binary_cross_entropy_with_logits(a, t, reduction=reduction, pos_weight=torch.tensor(pw)),
         arr(4, 3, low=-4, high=4), y)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none", "batchmean"])
def test_kl_div(reduction):
    logq = np.log(RNG.dirichlet(np.ones(4), 3)).astype(np.float32)
    p = RNG.dirichlet(np.ones(4), 3).astype(np.float32)
    both(lambda a, t: F.kl_div(a, t, reduction=reduction), lambda a, t: TF.kl_div(a, t, reduction=reduction),
         logq, p)
    both(lambda a, t: F.kl_div(a, t, reduction=reduction, log_target=True),
         lambda a, t: TF.kl_div(a, t, reduction=reduction, log_target=True), logq, np.log(p))


def test_margin_and_cosine_embedding():
    both(lambda a, t: F.multi_margin_loss(a, t), lambda a, t: TF.multi_margin_loss(a, t), arr(4, 5),
         np.array([1, 0, 4, 2]))
    both(lambda a, t: F.multi_margin_loss(a, t, p=2, margin=0.5),
         lambda a, t: TF.multi_margin_loss(a, t, p=2, margin=0.5),
         arr(4, 5), np.array([1, 0, 4, 2]))
    x2, y = arr(4, 3), np.array([1, -1, 1, -1], np.float32)
    both(lambda a, b, t: F.cosine_embedding_loss(a, b, t, margin=0.1),
         lambda a, b, t: TF.cosine_embedding_loss(a, b, t, margin=0.1), arr(4, 3), x2, y)


def test_loss_modules_call_their_functions():
    x, t = arr(3, 4), np.array([3, 1, 0])
    assert np.isclose(nn.CrossEntropyLoss(label_smoothing=0.1)(lg.tensor(x), t).item(),
                      TF.cross_entropy(torch.tensor(x), torch.tensor(t), label_smoothing=0.1).item(), rtol=1e-5)
    assert nn.MSELoss(reduction="sum")(lg.tensor(x), lg.tensor(x * 0)).item() == pytest.approx(float((x * x).sum()),
                                                                                            rel=1e-5)
    assert repr(nn.CrossEntropyLoss()) == "CrossEntropyLoss()"


def test_bad_targets_are_named():
    with pytest.raises(IndexError, match="out of bounds"):
        F.cross_entropy(lg.tensor(arr(2, 3)), np.array([0, 3]))
    with pytest.raises(RuntimeError, match="Long"):
        F.nll_loss(lg.tensor(arr(2, 3)), np.array([0.0, 1.0]))
    with pytest.raises(RuntimeError, match=r"\[2, 3\].*\[2, 4\]"):
        F.mse_loss(lg.tensor(arr(2, 3)), lg.tensor(arr(2, 4)))
    with pytest.raises(ValueError, match="reduction"):
        F.l1_loss(lg.tensor(arr(2, 3)), lg.tensor(arr(2, 3)), reduction="avg")


def test_weighted_cross_entropy_gradcheck():
    w = np.array([0.5, 2.0, 1.0])
    assert_gradcheck(lambda z: F.cross_entropy(z, np.array([0, 2, 1, 1]), weight=w, label_smoothing=0.2),
                     [RNG.standard_normal((4, 3))])
