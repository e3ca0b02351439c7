"""create_graph=True: gradients with a graph of their own, checked by central differences (float64)
and against real torch (Hessian-vector products of many ops, gradient penalties, backward's .grad)."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
import ligero.nn.functional as LF
from conftest import assert_hessian_vector_product

torch = pytest.importorskip("torch")
TF = torch.nn.functional

RNG = np.random.default_rng(0)
X = RNG.normal(size=(3, 4))
M = RNG.normal(size=(4, 2))
V = RNG.normal(size=(3, 4))
LABELS = np.array([0, 1, 1])

# scalar functions f(t, F, x) of a (3, 4) input, each through ops with a differentiable backward rule
FUNCTIONS = {
    "poly": lambda t, F, x: (x ** 3 - 2 * x * x + x / (1.5 + x * x)).sum(),
    "rsub_neg": lambda t, F, x: ((1 - x) * (-x)).mean(),
    "exp_log_sqrt": lambda t, F, x: (x.exp() + (x * x + 1).log() + (x * x + 2).sqrt()).sum(),
    "tanh_sigmoid": lambda t, F, x: (x.tanh() * x.sigmoid()).sum(),
    "sin_cos": lambda t, F, x: (x.sin() * x.cos() + x.square()).sum(),
    "matmul": lambda t, F, x: ((x @ t.tensor(M)) ** 2).sum() + (x[0] @ x[1]) * (x @ x[0]).sum(),
    "batched_matmul": lambda t, F, x: (x.unsqueeze(0).expand(2, 3, 4) @ x.t().unsqueeze(0)).tanh().sum(),
    "linear": lambda t, F, x: F.linear(x, x[:2] * 0.5, x[2, :2]).tanh().sum(),
    "reductions": lambda t, F, x: (x.sum(0) ** 2).sum() * x.mean() + (x.mean(1, keepdim=True) * x).pow(2).sum(),
    "shapes": lambda t, F, x: (x.t().reshape(2, 6).permute(1, 0) ** 3).sum() + x.view(-1)[3:7].prod(),
    "index": lambda t, F, x: (x[1] * x[:, 2:].sum()).sum() + x[[0, 2, 0]].pow(2).sum(1).sum(),
    "cat_stack": lambda t, F, x: (t.cat([x, x * x], 1) ** 2).sum() + t.stack([x, x.exp()]).sin().sum(),
    "softmax": lambda t, F, x: (F.softmax(x, 1) * t.tensor(V)).sum() + F.log_softmax(x, 0).exp().pow(2).sum(),
    "cross_entropy": lambda t, F, x: F.cross_entropy(x, t.tensor(LABELS)),
    "cross_entropy_sum": lambda t, F, x: F.cross_entropy(x * x, t.tensor(LABELS), reduction="sum"),
    "mse": lambda t, F, x: F.mse_loss(x.tanh(), t.tensor(V)),
    "mse_both_sides": lambda t, F, x: F.mse_loss(t.tensor(V) * x, x.exp(), reduction="sum")
    + F.mse_loss(x.sin(), x * x, reduction="none").sum(),
    "piecewise": lambda t, F, x: (F.relu(x) * x + F.leaky_relu(x, 0.2) ** 2 + x.abs() * x
                                  + x.clamp(-0.5, 0.5) * x + t.maximum(x, x * x) * x).sum(),
    "smooth_activations": lambda t, F, x: (F.gelu(x) * x + F.softplus(x * 2) + F.softplus(x, beta=2.0) ** 2
                                           + F.elu(x, alpha=0.7) * x + F.logsigmoid(x) * x).sum(),
    "losses": lambda t, F, x: F.l1_loss(x * x, t.tensor(V)) + F.huber_loss(x * x, t.tensor(V))
    + F.binary_cross_entropy_with_logits(x, t.tensor(V).sigmoid())
    + F.binary_cross_entropy(x.sigmoid(), t.tensor(V).sigmoid()),
    "cumulative": lambda t, F, x: (x.cumsum(1) ** 2).sum() + ((x * x + 1).cumprod(0) * x).sum()
    + (x.flip(0) * x.roll(1, 1) * x).sum(),
    "gather_embedding": lambda t, F, x: (x.gather(1, t.tensor([[0, 3], [2, 2], [1, 0]])) ** 3).sum()
    + (F.embedding(t.tensor([[0, 2], [1, 1]]), x) ** 2 * x[0]).sum()
    + (F.embedding(t.tensor([0, 2, 2]), x, padding_idx=2) ** 3).sum(),
    "inverse_trig_hyperbolic": lambda t, F, x: ((x.tanh() * 0.9).asin() * x + (x.tanh() * 0.9).acos() * x * x
                                                + x.atan() * x + x.sinh() * x.cosh() + x.asinh() * x
                                                + (x * x + 1.5).acosh() * x + (x.tanh() * 0.9).atanh() * x
                                                + (x * 0.3).tan() * x).sum(),
    "logs_exps_special": lambda t, F, x: ((x * x + 1).log2() * x + (x * x + 1).log10() * x + x.exp2() + x.expm1() * x
                                          + (x * x + 1).rsqrt() * x + x.erf() * x + x.erfc() * x * x
                                          + t.special.ndtr(x) * x).sum(),
    "more_activations": lambda t, F, x: (F.softsign(x) * x + F.mish(x) * x + F.selu(x) * x).sum(),
    "einsum": lambda t, F, x: (t.einsum("ij,jk->ik", x, x.t()) ** 2).sum()
    + (t.einsum("ij,k->ik", x, x[0, :3]) ** 2).sum() + t.einsum("ij,ij->", x, x.exp()),
    "unfold_fold": lambda t, F, x: (F.unfold(x.reshape(1, 1, 3, 4), 2, padding=1) ** 2).sum()
    + (F.fold((x * x).reshape(1, 2, 6), (3, 3), (2, 1)) ** 3).sum(),
    "det_inv": lambda t, F, x: t.linalg.det(x[:, :3] + 2 * t.eye(3, dtype=t.float64))
    + (t.linalg.inv(x[:, 1:] + 3 * t.eye(3, dtype=t.float64)) ** 2).sum(),
    "norm_extremes": lambda t, F, x: x.norm() ** 3 + x.norm(dim=1).pow(3).sum() + x.max() * x.sum()
    + (x.max(dim=1).values ** 2).sum() + x.amin(0).pow(3).sum(),
}


@pytest.mark.parametrize("name", FUNCTIONS)
def test_hessian_vector_product_matches_central_differences_and_torch(name):
    assert_hessian_vector_product(FUNCTIONS[name], X, V, numeric_atol=1e-6)


def test_a_cast_passes_the_second_derivative_back_in_the_dtype_of_its_input():
    def hvp(t):
        x = t.tensor(X.astype(np.float32), requires_grad=True)
        (g,) = t.autograd.grad((x.double() ** 3).sum(), x, create_graph=True)
        assert g.dtype == t.float32
        return t.autograd.grad(g, x, grad_outputs=t.tensor(V.astype(np.float32)))[0].numpy()

    np.testing.assert_allclose(hvp(lg), hvp(torch), rtol=1e-6)


def test_backward_create_graph_leaves_a_grad_with_a_graph_and_accumulates():
    x = lg.tensor(1.5, requires_grad=True)
    y = x ** 4
    y.backward(create_graph=True)
    g = x.grad
    assert g.grad_fn is not None and g.item() == pytest.approx(4 * 1.5 ** 3)
    (x ** 2).backward(create_graph=True)  # accumulates into the recorded gradient
    assert x.grad.item() == pytest.approx(4 * 1.5 ** 3 + 3.0)
    total = x.grad
    x.grad = None
    total.backward()
    assert x.grad.item() == pytest.approx(12 * 1.5 ** 2 + 2)
    assert x.grad.grad_fn is None


def test_gradient_penalty_through_a_network_matches_torch():
    w1, b1, w2 = RNG.normal(size=(5, 4)), RNG.normal(size=5), RNG.normal(size=(1, 5))

    def run(t, F):
        params = [t.tensor(a.copy(), requires_grad=True) for a in (w1, b1, w2)]
        x = t.tensor(X.copy(), requires_grad=True)
        out = F.linear(F.linear(x, params[0], params[1]).tanh(), params[2])
        (gx,) = t.autograd.grad(out.sum(), x, create_graph=True)
        penalty = ((gx.norm(2, dim=1) - 1) ** 2).mean()
        penalty.backward()
        return [penalty.item()] + [p.grad.numpy() for p in params]

    for ours, theirs in zip(run(lg, LF), run(torch, TF)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


def test_an_op_without_a_differentiable_rule_names_itself():
    x = lg.tensor(X.copy(), requires_grad=True)
    spd = x[:, :3] @ x[:, :3].t() + 3 * lg.eye(3, dtype=lg.float64)
    with pytest.raises(NotImplementedError, match=r"backward of LinalgCholeskyExBackward0 \(ligero op 'cholesky'\)"):
        lg.autograd.grad(lg.linalg.cholesky(spd).sum(), x, create_graph=True)


def test_create_graph_reads_a_freed_graph_as_torch_does():
    x = lg.tensor(X.copy(), requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="second time"):
        lg.autograd.grad(y, x, create_graph=True)


def test_unused_inputs_and_hooks_with_create_graph():
    x = lg.tensor([1.0, 2.0], requires_grad=True)
    z = lg.tensor([3.0], requires_grad=True)
    y = (x ** 2).sum()
    x.register_hook(lambda g: g * 10)
    gx, gz = lg.autograd.grad(y, (x, z), create_graph=True, allow_unused=True)
    assert gz is None and gx.tolist() == [20.0, 40.0]
    (second,) = lg.autograd.grad(gx.sum(), x)
    assert second.tolist() == [200.0, 200.0]  # the hook is in gx's graph and runs again, as in torch


def test_functional_hessian_and_hvp_match_torch():
    def f(t):
        return lambda x: (x ** 3).sum() + x[0] * x[1].exp() + (x @ x).tanh()

    def g(a, b):
        return (a * b).sum() ** 2 + a.sin().sum()

    x, v = X[0].copy(), V[0].copy()
    ours = lg.autograd.functional.hessian(f(lg), lg.tensor(x))
    theirs = torch.autograd.functional.hessian(f(torch), torch.tensor(x))
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-10)
    value, product = lg.autograd.functional.hvp(f(lg), lg.tensor(x), lg.tensor(v))
    t_value, t_product = torch.autograd.functional.hvp(f(torch), torch.tensor(x), torch.tensor(v))
    assert value.item() == pytest.approx(t_value.item())
    np.testing.assert_allclose(product.numpy(), t_product.numpy(), rtol=1e-10)
    pair = (X[1, :2].copy(), X[2, :2].copy())
    ours = lg.autograd.functional.hessian(g, tuple(lg.tensor(a) for a in pair))
    theirs = torch.autograd.functional.hessian(g, tuple(torch.tensor(a) for a in pair))
    for row, t_row in zip(ours, theirs):
        for block, t_block in zip(row, t_row):
            np.testing.assert_allclose(block.numpy(), t_block.numpy(), rtol=1e-10, atol=1e-12)


def test_a_custom_function_is_differentiated_through_its_own_backward():
    def run(t):
        class Cube(t.autograd.Function):
            @staticmethod
            def forward(ctx, a):
                ctx.save_for_backward(a)
                return a ** 3

            @staticmethod
            def backward(ctx, g):
                (a,) = ctx.saved_tensors
                return 3 * a ** 2 * g

        x = t.tensor(X[0].copy(), requires_grad=True)
        (g,) = t.autograd.grad(Cube.apply(x).sum(), x, create_graph=True)
        return g.detach().numpy(), t.autograd.grad((g * x).sum(), x)[0].numpy()

    for ours, theirs in zip(run(lg), run(torch)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_piecewise_linear_gradients_differentiate_to_zeros_as_torch():
    x = lg.tensor(X.copy(), requires_grad=True)
    (g,) = lg.autograd.grad(LF.leaky_relu(x, 0.1).sum() + x.abs().sum(), x, create_graph=True)
    assert g.requires_grad
    (h,) = lg.autograd.grad(g.sum(), x)
    assert np.all(h.numpy() == 0)
