"""create_graph=True through convolution, pooling, normalization and tanh-GELU: Hessian-vector
products checked by central differences of the first derivative (float64) and against real torch,
and gradient penalties whose parameter gradients match torch's."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
import ligero.nn.functional as LF
from conftest import assert_hessian_vector_product

torch = pytest.importorskip("torch")
TF = torch.nn.functional

RNG = np.random.default_rng(1)
X = RNG.normal(size=(2, 3, 6, 5))
V = RNG.normal(size=X.shape)
W = RNG.normal(size=(4, 3, 3, 2)) * 0.5
B = RNG.normal(size=4)
W1 = RNG.normal(size=(2, 3, 1, 3)) * 0.5
GAMMA, BETA = RNG.normal(size=3), RNG.normal(size=3)
ROW = RNG.normal(size=5)
STATS = (RNG.normal(size=3), RNG.uniform(0.5, 2.0, size=3))

# scalar functions f(t, F, x) of a (2, 3, 6, 5) image batch, each through one of the fused ops
FUNCTIONS = {
    "conv2d": lambda t, F, x: F.conv2d(x, t.tensor(W), t.tensor(B)).tanh().pow(2).sum(),
    "conv2d_stride_padding": lambda t, F, x: F.conv2d(x * x, t.tensor(W), stride=(2, 3), padding=(1, 2)).sin().sum(),
    "conv2d_dilation_groups": lambda t, F, x: F.conv2d(x, t.tensor(W1), dilation=(1, 2), groups=1).exp().sum()
    + F.conv2d(x, t.tensor(W[:3, :1, :, :1]), groups=3, padding="same").pow(3).sum(),
    "conv1d": lambda t, F, x: F.conv1d(x.reshape(2, 3, 30), t.tensor(W[:, :, 0]), stride=2).tanh().sum(),
    "conv_transpose2d": lambda t, F, x: F.conv_transpose2d(x, t.tensor(W.transpose(1, 0, 2, 3)), stride=2,
                                                           padding=1).pow(2).sum(),
    "avg_pool2d": lambda t, F, x: (F.avg_pool2d(x * x, 2) ** 2).sum()
    + F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False).exp().sum(),
    "max_pool2d": lambda t, F, x: (F.max_pool2d(x * x.tanh(), 2) ** 3).sum()
    + (F.max_pool2d(x, 3, stride=1, padding=1) * x).sum(),
    "max_pool2d_tiled": lambda t, F, x: F.max_pool2d(x[:, :, :6, :4].exp(), (3, 2)).pow(2).sum(),
    "layer_norm": lambda t, F, x: (F.layer_norm(x, (5,), t.tensor(ROW), t.tensor(ROW[::-1].copy())) ** 3).sum()
    + F.layer_norm(x, (6, 5)).sin().sum() + F.group_norm(x, 1).pow(3).sum(),
    "batch_norm_training": lambda t, F, x: (F.batch_norm(x, None, None, t.tensor(GAMMA), t.tensor(BETA),
                                                          training=True) ** 3).sum()
    + F.batch_norm(x.sum(3), None, None, training=True).sin().sum(),
    "batch_norm_inference": lambda t, F, x: (F.batch_norm(x, t.tensor(STATS[0]), t.tensor(STATS[1]),
                                                           t.tensor(GAMMA), None) ** 3).sum(),
    "gelu_tanh": lambda t, F, x: (F.gelu(x, approximate="tanh") * x).sum()
    + F.gelu(x * 2, approximate="tanh").pow(2).sum(),
}


@pytest.mark.parametrize("name", FUNCTIONS)
def test_hessian_vector_product_matches_central_differences_and_torch(name):
    assert_hessian_vector_product(FUNCTIONS[name], X, V, numeric_atol=1e-5)


RNG_PARAMS = (RNG.normal(size=4), RNG.normal(size=(1, 4 * 3 * 3)))


def _penalty_grads(t, F, pool):
    """d/dθ of the gradient penalty mean((‖∇ₓ D(x)‖ - 1)²) for D = conv -> norm -> pool -> linear."""
    w, b, gamma, lw = (t.tensor(a.copy(), requires_grad=True)
                       for a in (W, B, RNG_PARAMS[0], RNG_PARAMS[1]))
    x = t.tensor(X.copy(), requires_grad=True)
    h = F.conv2d(x, w, b, padding=1).tanh()
    h = F.batch_norm(h, None, None, gamma, None, training=True)
    h = F.layer_norm(pool(F, h), (h.shape[-1] // 2,))
    out = F.linear(F.gelu(h, approximate="tanh").reshape(2, -1), lw).sum()
    (gx,) = t.autograd.grad(out, x, create_graph=True)
    penalty = ((gx.reshape(2, -1).norm(2, dim=1) - 1) ** 2).mean()
    penalty.backward()
    return [penalty.item()] + [p.grad.numpy() for p in (w, b, gamma, lw)]


@pytest.mark.parametrize("pool", ["max", "avg"])
def test_gradient_penalty_through_a_cnn_matches_torch(pool):
    def pooled(F, h):
        return F.max_pool2d(h, 2) if pool == "max" else F.avg_pool2d(h, 2, stride=2)

    for ours, theirs in zip(_penalty_grads(lg, LF, pooled), _penalty_grads(torch, TF, pooled)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


def test_float32_conv_penalty_stays_float32_and_close_to_torch():
    def run(t, F):
        x = t.tensor(X.astype(np.float32), requires_grad=True)
        w = t.tensor(W.astype(np.float32), requires_grad=True)
        (gx,) = t.autograd.grad(F.max_pool2d(F.conv2d(x, w, padding=1), 2).tanh().sum(), x, create_graph=True)
        (gx ** 2).sum().backward()
        assert gx.dtype == t.float32 and w.grad.dtype == t.float32
        return w.grad.numpy()

    np.testing.assert_allclose(run(lg, LF), run(torch, TF), rtol=1e-4, atol=1e-5)


def test_third_derivative_of_a_convolution_matches_torch():
    def run(t, F):
        x = t.tensor(X[:1, :, :4, :4].copy(), requires_grad=True)
        y = F.conv2d(x, t.tensor(W), stride=2, padding=1).pow(3).sum()
        (g,) = t.autograd.grad(y, x, create_graph=True)
        (h,) = t.autograd.grad((g * g).sum(), x, create_graph=True)
        return t.autograd.grad(h.sin().sum(), x)[0].numpy()

    np.testing.assert_allclose(run(lg, LF), run(torch, TF), rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu_second_derivative_follows_its_form_even_where_the_two_forms_agree_in_value(approximate):
    # near 0 the exact and the tanh GELU agree to 1e-7 in value, not in their second derivatives
    data = np.linspace(-0.02, 0.02, 9)
    second = []
    for t, F in ((lg, LF), (torch, torch.nn.functional)):
        x = t.tensor(data, requires_grad=True)
        (dx,) = t.autograd.grad(F.gelu(x, approximate=approximate).sum(), x, create_graph=True)
        (ddx,) = t.autograd.grad((dx * dx).sum(), x)
        second.append(ddx.detach().numpy())
    np.testing.assert_allclose(second[0], second[1], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ["elu", "softplus"])
def test_elu_and_softplus_second_derivatives_use_their_own_parameters(name, dtype):
    data = np.linspace(-3.0, 3.0, 13).astype(dtype)
    second = []
    for t, F in ((lg, LF), (torch, torch.nn.functional)):
        x = t.tensor(data, requires_grad=True)
        y = F.elu(x, alpha=0.7) if name == "elu" else F.softplus(x, beta=2.0, threshold=4.2)
        (dx,) = t.autograd.grad((y * y).sum(), x, create_graph=True)
        (ddx,) = t.autograd.grad((dx * x).sum(), x)
        second.append(ddx.detach().numpy())
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(second[0], second[1], rtol=tol, atol=tol)
