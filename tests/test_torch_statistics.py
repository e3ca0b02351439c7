"""Order statistics and the small tensor builders against real torch: values, return types as torch
prints them, gradients (also by central differences in float64), and the in-place element maps."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg

torch = pytest.importorskip("torch")

TIES = np.array([[3.0, 1.0, 2.0, 2.0], [5.0, 5.0, 4.0, 0.0]])
DISTINCT = np.random.default_rng(0).normal(size=(3, 5))

EXPRESSIONS = {
    "median": lambda t, x: x.median(), "median_dim": lambda t, x: x.median(dim=1).values,
    "median_keepdim": lambda t, x: t.median(x, 0, keepdim=True).values, "mode": lambda t, x: x.mode(dim=1).values,
    "kthvalue": lambda t, x: x.kthvalue(2, dim=0).values,
    "quantile": lambda t, x: t.quantile(x, 0.3), "quantile_dim": lambda t, x: t.quantile(x, 0.7, dim=1),
    "quantile_tensor_q": lambda t, x: t.quantile(x, t.tensor([0.25, 0.5], dtype=x.dtype), dim=0, keepdim=True),
    "quantile_nearest": lambda t, x: t.quantile(x, 0.4, dim=0, interpolation="nearest"),
    "quantile_lower_higher": lambda t, x: t.quantile(x, 0.4, dim=1, interpolation="lower")
    + t.quantile(x, 0.4, dim=1, interpolation="higher") * 2,
    "quantile_midpoint": lambda t, x: t.quantile(x, 0.9, interpolation="midpoint"),
    "std_mean": lambda t, x: t.std_mean(x, dim=1)[0] * t.std_mean(x, dim=1)[1],
    "var_mean": lambda t, x: t.var_mean(x)[0] + t.var_mean(x)[1],
    "unfold": lambda t, x: x.unfold(1, 2, 2) ** 2, "repeat_interleave": lambda t, x: x.repeat_interleave(2, dim=0),
    "repeat_interleave_counts": lambda t, x: x.repeat_interleave(t.tensor([1, 0, 2, 1]), dim=1),
    "block_diag": lambda t, x: t.block_diag(x, x[0, :2] * 3),
    "cartesian_prod": lambda t, x: t.cartesian_prod(x[0], x[1, :2]),
    "combinations": lambda t, x: t.combinations(x[0], r=3),
}


def _run(framework, name, data):
    x = framework.tensor(data.copy(), requires_grad=True)
    out = EXPRESSIONS[name](framework, x)
    (out * framework.tensor(np.arange(1.0, out.numel() + 1).reshape(tuple(out.shape)))).sum().backward()
    return out, x.grad.numpy().copy()


# torch leaves the index of tied elements unspecified for kthvalue and mode: those two on distinct values
# only (mode's ties are checked below)
CASES = [pytest.param(name, data, id=f"{name}-{label}") for name in EXPRESSIONS
         for label, data in (("ties", TIES), ("distinct", DISTINCT))
         if not (name in ("kthvalue", "mode") and label == "ties")]


@pytest.mark.parametrize(("name", "data"), CASES)
def test_values_grad_fn_names_and_gradients_match_torch(name, data):
    if name.startswith("repeat_interleave_counts") and data.shape[1] != 4:
        data = TIES
    out, grad = _run(lg, name, data)
    t_out, t_grad = _run(torch, name, data)
    np.testing.assert_allclose(out.detach().numpy(), t_out.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(grad, t_grad, rtol=1e-12, atol=1e-12)
    assert out.grad_fn.name() == t_out.grad_fn.name() or name in ("block_diag", "cartesian_prod", "combinations")


@pytest.mark.parametrize("name", ["median_dim", "quantile_dim", "quantile_tensor_q", "std_mean", "unfold"])
def test_gradients_match_central_differences(name):
    _, grad = _run(lg, name, DISTINCT)
    eps, numeric = 1e-6, np.zeros_like(DISTINCT)
    for i in np.ndindex(DISTINCT.shape):
        step = np.zeros_like(DISTINCT)
        step[i] = eps
        hi, lo = (EXPRESSIONS[name](lg, lg.tensor(DISTINCT + s)) for s in (step, -step))
        weights = np.arange(1.0, hi.numel() + 1).reshape(tuple(hi.shape))
        numeric[i] = ((hi.numpy() - lo.numpy()) * weights).sum() / (2 * eps)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)


def test_return_types_print_as_torchs():
    x = lg.tensor(TIES)
    tx = torch.tensor(TIES)
    cases = (
        lambda t, a: a.median(dim=1), lambda t, a: a.mode(dim=1), lambda t, a: a.max(0), lambda t, a: t.sort(a[1]),
        lambda t, a: t.topk(a[0] * t.tensor([1.0, 1.0, 1.0, 1.1]), 2, largest=False),
        lambda t, a: t.mode(t.tensor([4, 1, 4, 1])), lambda t, a: t.histogram(a.float(), bins=3),
        lambda t, a: t.histogram(a.flatten().float(), bins=t.tensor([0.0, 2.0, 6.0]), density=True),
    )
    for f in cases:
        assert repr(f(lg, x)) == repr(f(torch, tx))


def test_small_tensor_methods():
    y, ty = lg.arange(12.0).reshape(3, 4), torch.arange(12.0).reshape(3, 4)
    assert [y[1:].storage_offset(), y[:, 2:].storage_offset(), y.t().storage_offset()] == \
        [ty[1:].storage_offset(), ty[:, 2:].storage_offset(), ty.t().storage_offset()]
    assert lg.ones(3).apply_(lambda v: v * 3).tolist() == [3.0, 3.0, 3.0]
    assert lg.ones(3).map_(lg.tensor([1.0, 2.0, 3.0]), lambda a, b: a + b).tolist() == [2.0, 3.0, 4.0]
    assert lg.argwhere(lg.tensor([[0, 1], [2, 0]])).tolist() == [[0, 1], [1, 0]]
    assert y.new_empty(2, 3).shape == (2, 3) and lg.nn.Linear(2, 2).half().weight.dtype == lg.float16
    with pytest.raises(RuntimeError, match="q values"):
        lg.quantile(y, 1.5)
    with pytest.raises(ValueError, match="interpolation"):
        lg.quantile(y, 0.5, interpolation="cubic")


def test_cummax_diag_embed_trapezoid_ravel_gradients_match_torch():
    def run(t):
        x = t.tensor(TIES.copy(), requires_grad=True)
        values = [t.cummax(x, 1), x.cummin(dim=0)]
        total = (values[0].values * t.arange(4.0)).sum() + values[1].values.sum() * 3 + x.ravel()[2]
        total = total + t.diag_embed(x).pow(2).sum() + t.trapezoid(x).sum()
        total = total + t.trapezoid(x, t.tensor([0.0, 1.0, 3.0, 4.0], dtype=x.dtype)).sum() + t.trapz(x, dx=0.5).sum()
        total.backward()
        return [v.values.detach().numpy() for v in values] + [v.indices.numpy() for v in values] + [x.grad.numpy()]

    for ours, theirs in zip(run(lg), run(torch)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_index_put_and_fill_diagonal_match_torch():
    def run(t):
        a = t.zeros(3)
        a.index_put_((t.tensor([0, 0, 2]),), t.tensor([1.0, 2.0, 3.0]), accumulate=True)
        b = t.zeros(2, 3)
        b.index_put_((t.tensor([1, 0]), t.tensor([2, 2])), t.tensor([5.0, 6.0]))
        m = t.zeros(3, 3, requires_grad=True)
        y = (m * 2).index_put((t.tensor([0, 0]),), t.tensor([1.0, 1.0, 1.0]), accumulate=True)
        (y * t.arange(9.0).reshape(3, 3)).sum().backward()
        return [a.numpy(), b.numpy(), y.detach().numpy(), m.grad.numpy(), t.zeros(3, 4).fill_diagonal_(7).numpy(),
                t.zeros(5, 2).fill_diagonal_(1, wrap=True).numpy()]

    for ours, theirs in zip(run(lg), run(torch)):
        np.testing.assert_allclose(ours, theirs)
