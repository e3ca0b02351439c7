"""autograd.functional's jacobian / vjp / jvp, once_differentiable, Functions with non-differentiable
extra outputs, and WeightedRandomSampler, each against real torch."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from ligero.autograd.function import once_differentiable
from ligero.autograd.functional import jacobian, jvp, vjp
from ligero.utils.data import WeightedRandomSampler

torch = pytest.importorskip("torch")
import torch.autograd.functional as TF  # noqa: E402


def _f(T):
    return lambda x, y: T.stack([x[0] ** 2 * y[1], T.sin(x[1]) + y[0], (x * y).sum()])


def test_jacobian_vjp_jvp_match_torch():
    x, y = np.array([1.0, 2.0]), np.array([0.5, -1.0])
    lx, ly, tx, ty = lg.tensor(x), lg.tensor(y), torch.tensor(x), torch.tensor(y)
    for ours, theirs in zip(jacobian(_f(lg), (lx, ly)), TF.jacobian(_f(torch), (tx, ty))):
        np.testing.assert_allclose(ours.array, theirs.numpy(), rtol=1e-12)
    v = np.array([1.0, -2.0, 0.5])
    _, ours = vjp(lambda a: _f(lg)(a, ly), lx, lg.tensor(v))
    _, theirs = TF.vjp(lambda a: _f(torch)(a, ty), tx, torch.tensor(v))
    np.testing.assert_allclose(ours.array, theirs.numpy(), rtol=1e-12)
    _, ours = jvp(_f(lg), (lx, ly), (lg.tensor([1.0, 0.0]), lg.tensor([0.0, 3.0])))
    _, theirs = TF.jvp(_f(torch), (tx, ty), (torch.tensor([1.0, 0.0]), torch.tensor([0.0, 3.0])))
    np.testing.assert_allclose(ours.array, theirs.numpy(), rtol=1e-12)


def test_jacobian_refuses_create_graph():
    with pytest.raises(NotImplementedError, match="create_graph"):
        jacobian(lambda t: t * 2, lg.ones(2), create_graph=True)


def _sort_function(T, decorate):
    class SortWithIndex(T.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            values, idx = T.sort(x)
            ctx.mark_non_differentiable(idx)
            ctx.save_for_backward(idx)
            return values, idx

        @staticmethod
        @decorate
        def backward(ctx, grad_values, grad_idx):
            (idx,) = ctx.saved_tensors
            grad = T.zeros_like(grad_values)
            grad[idx] = grad_values * 3
            return grad

    return SortWithIndex


def test_function_with_a_non_differentiable_output_matches_torch():
    from torch.autograd.function import once_differentiable as t_once

    grads = []
    for T, decorate in ((lg, once_differentiable), (torch, t_once)):
        x = T.tensor([3.0, 1.0, 2.0], requires_grad=True)
        values, idx = _sort_function(T, decorate).apply(x)
        assert values.requires_grad and not idx.requires_grad
        (values * T.tensor([1.0, 10.0, 100.0])).sum().backward()
        grads.append(np.asarray(x.grad.tolist()))
    np.testing.assert_array_equal(grads[0], grads[1])


def test_function_with_two_differentiable_outputs_is_refused():
    class Two(lg.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2, x * 3

    with pytest.raises(TypeError, match="exactly one output"):
        Two.apply(lg.ones(2, requires_grad=True))


def test_weighted_random_sampler_draws_by_weight():
    lg.manual_seed(0)
    drawn = list(WeightedRandomSampler([0.0, 1.0, 0.0, 3.0], num_samples=4000))
    assert set(drawn) == {1, 3} and all(isinstance(i, int) for i in drawn)
    assert abs(drawn.count(3) / 4000 - 0.75) < 0.03
    assert sorted(WeightedRandomSampler([1.0, 2.0, 3.0], 3, replacement=False)) == [0, 1, 2]
    with pytest.raises(RuntimeError, match="without replacement"):
        WeightedRandomSampler([1.0, 0.0], 2, replacement=False)
    with pytest.raises(ValueError, match="num_samples"):
        WeightedRandomSampler([1.0], 0)
