"""Unevaluated weight gradients and the fused BLAS update compute what the plain way computes.

- ``blas.gemm_update`` == ``c·β + α·(a @ b)`` for every layout, dtype and fallback;
- a linear layer's weight gradient left as a ``GradientProduct`` reads back as ``xᵀ·g``,
  accumulates, sums when the weight is used twice, and keeps its dtype;
- SGD (plain, decay, momentum, Nesterov) folding the product into its update == the
  update from the evaluated gradient, in float64 to 1e-12.
"""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from ligero import blas, layers, optimizers, regularizers
from ligero.blas import GradientProduct


def _deferred(t):
    """Whether backward left ``t``'s gradient unevaluated."""
    return isinstance(t.unevaluated_grad, GradientProduct)


@pytest.fixture
def defer_all(monkeypatch):
    """Defer every weight gradient, however small (the default starts at 16,384 elements), in every backward."""
    monkeypatch.setattr(blas, "DEFER_PRODUCTS_FROM", 0)
    with lg.deferred_weight_gradients():
        yield


@pytest.fixture
def no_fused_blas(monkeypatch):
    """Behave as on a NumPy whose BLAS ligero cannot call (another BLAS than its wheels')."""
    monkeypatch.setattr(blas, "_blas_routine", lambda dtype: None)


# ------------------------------------------------------------------ gemm_update
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("trans_a", [False, True])
@pytest.mark.parametrize("trans_b", [False, True])
@pytest.mark.parametrize(("m", "k", "n"), [(5, 3, 4), (1, 7, 1), (300, 32, 10), (4, 1, 6)])
@pytest.mark.parametrize("beta", [0.7, 1.0, -1.0, 0.0, 0.25, 3.0])  # scaled by NumPy after, or by BLAS
def test_gemm_update_is_beta_c_plus_alpha_a_b_for_every_layout(dtype, trans_a, trans_b, m, k, n, beta):
    rng = np.random.default_rng(m * k + n)
    a = rng.standard_normal((k, m)).astype(dtype).T if trans_a else rng.standard_normal((m, k)).astype(dtype)
    b = rng.standard_normal((n, k)).astype(dtype).T if trans_b else rng.standard_normal((k, n)).astype(dtype)
    c = rng.standard_normal((m, n)).astype(dtype)
    expected = beta * c.astype(np.float64) - 0.3 * (a.astype(np.float64) @ b.astype(np.float64))
    blas.gemm_update(a, b, c, -0.3, beta)
    assert c.dtype == dtype
    np.testing.assert_allclose(c, expected, rtol=1e-5 if dtype == np.float32 else 1e-12, atol=1e-5)


def test_the_wheels_blas_is_found_for_float32_and_float64_and_not_for_float16():
    # NumPy's wheels link the scipy-openblas that gemm_update calls; other builds fall back.
    if np.show_config(mode="dicts")["Build Dependencies"]["blas"].get("name") != "scipy-openblas":
        pytest.skip("this NumPy is not linked to the OpenBLAS of its wheels")
    assert blas.fused_available(np.float32) and blas.fused_available(np.float64)
    assert not blas.fused_available(np.float16)


def test_gemm_update_falls_back_to_numpy_for_strided_overlapping_or_half_arrays():
    rng = np.random.default_rng(0)
    big = rng.standard_normal((12, 10))
    a, b = big[::3, ::2], rng.standard_normal((5, 3))  # no unit stride: not a BLAS layout
    c = np.ones((4, 3))
    blas.gemm_update(a, b, c, 2.0, 0.5)
    np.testing.assert_allclose(c, 0.5 + 2.0 * (a @ b), rtol=1e-12)

    shared = rng.standard_normal((4, 4))  # c is a itself: BLAS would read what it writes
    expected = 0.5 * shared + shared @ np.eye(4)
    blas.gemm_update(shared, np.eye(4), shared, 1.0, 0.5)
    np.testing.assert_allclose(shared, expected, rtol=1e-12)

    half = np.ones((2, 2), np.float16)
    blas.gemm_update(np.eye(2, dtype=np.float16), np.eye(2, dtype=np.float16), half, 1.0, 1.0)
    np.testing.assert_array_equal(half, [[2, 1], [1, 2]])


def test_gemm_update_rejects_shapes_that_do_not_multiply():
    with pytest.raises(ValueError, match=r"\(2, 3\) @ \(2, 3\)"):
        blas.gemm_update(np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 3)), 1.0, 1.0)


def test_gemm_update_without_the_fused_blas_gives_the_same_numbers(no_fused_blas):
    rng = np.random.default_rng(1)
    a, b, c = rng.standard_normal((6, 4)), rng.standard_normal((4, 5)), rng.standard_normal((6, 5))
    expected = 0.9 * c - 0.1 * (a @ b)
    blas.gemm_update(a, b, c, -0.1, 0.9)
    np.testing.assert_allclose(c, expected, rtol=1e-12)


# ------------------------------------------------------------ deferred gradients
def _linear_graph(dtype, rows=6):
    rng = np.random.default_rng(2)
    x = lg.tensor(rng.standard_normal((rows, 4)), dtype=dtype)
    w = lg.tensor(rng.standard_normal((4, 3)), requires_grad=True, dtype=dtype)
    b = lg.tensor(np.zeros(3), requires_grad=True, dtype=dtype)
    return x, w, b


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_deferred_weight_gradient_reads_back_as_x_transposed_times_g(defer_all, dtype):
    x, w, b = _linear_graph(dtype)
    lg.tanh(lg.linear(x, w, b)).sum().backward()
    assert _deferred(w)  # left unevaluated ...
    lazy = w.unevaluated_grad
    assert lazy.shape == w.shape and lazy.dtype == dtype
    a, g = lazy.a, lazy.b
    grad = w.grad  # ... and evaluated when read
    assert grad.dtype == dtype and grad.shape == w.shape
    np.testing.assert_allclose(grad, x.data.T @ (1 - np.tanh(x.data @ w.data) ** 2), rtol=1e-5)
    np.testing.assert_array_equal(grad, a @ g)
    assert not _deferred(w) and w.grad_array is w.grad_array  # evaluated once


def test_deferred_gradients_agree_with_central_differences_for_a_layer_that_is_not_first(defer_all):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((5, 3))
    w1, w2 = rng.standard_normal((3, 4)), rng.standard_normal((4, 2))

    def loss(w1v, w2v):
        h = lg.tanh(lg.linear(lg.tensor(x, dtype=np.float64), w1v))
        return lg.sigmoid(lg.linear(h, w2v)).sum()

    assert lg.gradcheck(loss, [w1, w2]) < 1e-7


def test_deferred_gradients_accumulate_over_backward_calls_and_sum_for_a_shared_weight(defer_all):
    x, w, _ = _linear_graph(np.float64)
    lg.linear(x, w).sum().backward()
    once = x.data.T @ np.ones((6, 3))
    lg.linear(x, w).sum().backward()  # the second backward adds to the first (unevaluated) one
    np.testing.assert_allclose(w.grad, 2 * once, rtol=1e-12)

    w.zero_grad()
    (lg.linear(x, w) * 3.0 + lg.linear(x, w)).sum().backward()  # one weight, two products
    np.testing.assert_allclose(w.grad, 4 * once, rtol=1e-12)


def test_a_weight_computed_from_a_leaf_gets_its_deferred_gradient_evaluated(defer_all):
    x, w, _ = _linear_graph(np.float64)
    scaled = w * 2.0  # not a leaf: its rule needs an array
    lg.linear(x, scaled).sum().backward()
    np.testing.assert_allclose(w.grad, 2 * x.data.T @ np.ones((6, 3)), rtol=1e-12)


def test_small_weights_and_unfused_blas_get_plain_arrays(no_fused_blas):
    x, w, _ = _linear_graph(np.float32)
    lg.linear(x, w).sum().backward()
    assert not _deferred(w) and isinstance(w.unevaluated_grad, np.ndarray)
    assert not isinstance(blas.weight_gradient(np.ones((200, 2)), np.ones((2, 200))), GradientProduct)


# ------------------------------------------------------------- fused SGD update
SGD_SETTINGS = {
    "plain": {"lr": 0.1},
    "decay": {"lr": 0.1, "weight_decay": 0.03},
    "momentum": {"lr": 0.1, "momentum": 0.9},
    "momentum+decay": {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.03},
    "nesterov": {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.03},
}


def _trained_weights(settings, monkeypatch, deferred):
    monkeypatch.setattr(blas, "DEFER_PRODUCTS_FROM", 0 if deferred else 1 << 62)
    lg.set_seed(4)
    model = lg.Sequential([
        layers.Dense(7, activation="tanh", input_dim=5, kernel_regularizer=regularizers.L2(0.02),
                     dtype="float64"),
        layers.Dense(3, activation="softmax", dtype="float64"),
    ])
    model.compile(optimizer=optimizers.SGD(**settings), loss="categorical_crossentropy")
    rng = np.random.default_rng(5)
    model.fit(rng.standard_normal((40, 5)), rng.integers(0, 3, 40), batch_size=8, epochs=3, verbose=0,
              seed=0)
    return [p.array.copy() for p in model.parameters()]


@pytest.mark.parametrize("name", sorted(SGD_SETTINGS))
def test_sgd_folding_the_product_into_its_update_equals_the_evaluated_update(name, monkeypatch):
    fused = _trained_weights(SGD_SETTINGS[name], monkeypatch, deferred=True)
    plain = _trained_weights(SGD_SETTINGS[name], monkeypatch, deferred=False)
    for a, b in zip(fused, plain):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def test_sgd_leaves_the_deferred_gradient_readable_after_the_step(monkeypatch):
    monkeypatch.setattr(blas, "DEFER_PRODUCTS_FROM", 0)
    x, w, b = _linear_graph(np.float32)
    before = w.array.copy()
    opt = optimizers.SGD([w, b], lr=0.5)
    with lg.deferred_weight_gradients():  # as in the docstring's manual loop
        lg.linear(x, w, b).sum().backward()
    assert _deferred(w)
    opt.step()
    expected_grad = x.data.T @ np.ones((6, 3), np.float32)
    np.testing.assert_allclose(w.data, before - 0.5 * expected_grad, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(w.grad, expected_grad, rtol=1e-6)  # still the gradient, not the update


def test_fit_folds_a_large_kernel_into_one_blas_call_and_small_ones_not(monkeypatch):
    if not blas.fused_available(np.float32):
        pytest.skip("NumPy's BLAS here is not the OpenBLAS of its wheels: weight gradients are evaluated")
    updated = []
    real = blas.gemm_update
    monkeypatch.setattr(blas, "gemm_update", lambda a, b, c, alpha, beta: (updated.append(c.shape),
                                                                            real(a, b, c, alpha, beta)))
    lg.set_seed(6)
    model = lg.Sequential([layers.Dense(200, activation="tanh", input_dim=100),  # 20,000 weights: deferred
                           layers.Dense(10, activation="softmax")])  # 2,000 weights: evaluated
    model.compile(optimizer=optimizers.SGD(lr=0.01), loss="categorical_crossentropy")
    rng = np.random.default_rng(7)
    model.fit(rng.standard_normal((64, 100)).astype(np.float32), rng.integers(0, 10, 64), batch_size=32,
              epochs=1, verbose=0)
    assert updated == [(100, 200), (100, 200)]  # one call per batch, for the large kernel only


def test_changing_a_retained_gradient_in_place_leaves_the_deferred_weight_gradient_alone(defer_all):
    x, w, b = _linear_graph(np.float64)
    z = lg.linear(x, w, b)
    z.retain_grad()
    (z * z).sum().backward()
    expected = x.data.T @ (2 * z.data)
    z.grad *= 0  # the unevaluated xᵀ·g must not see this
    np.testing.assert_allclose(w.grad, expected, rtol=1e-12)


def _large_linear(rng):
    x = lg.tensor(rng.standard_normal((32, 200)))
    w = lg.tensor(rng.standard_normal((200, 100)) * 0.1, requires_grad=True)  # 20,000: large enough
    return x, w


def test_changing_the_input_in_place_after_backward_leaves_the_lazy_gradient_as_backward_saw_it():
    rng = np.random.default_rng(8)
    x, w = _large_linear(rng)
    lg.linear(x, w).sum().backward()
    expected = x.data.T @ np.ones((32, 100))
    assert _deferred(w)  # lazy by default ...
    x.data *= 0  # e.g. an input buffer refilled (or perturbed) before the optimizer step
    assert not _deferred(w)  # ... and evaluated before the write
    np.testing.assert_allclose(w.grad, expected, rtol=1e-12)
    for write in (lambda t: t.zero_(), lambda t: t.fill_(2.0), lambda t: t.__setitem__(0, 5.0),
                  lambda t: t.copy_(lg.ones(32, 200, dtype=lg.float64)), lambda t: t.add_(1.0)):
        x, w = _large_linear(rng)
        lg.linear(x, w).sum().backward()
        expected = x.data.T @ np.ones((32, 100))
        with lg.no_grad():
            write(x)
        np.testing.assert_allclose(w.grad, expected, rtol=1e-12)


def test_a_write_elsewhere_leaves_the_lazy_gradient_lazy():
    rng = np.random.default_rng(9)
    x, w = _large_linear(rng)
    other = lg.zeros(32, 200)
    lg.linear(x, w).sum().backward()
    other.add_(1.0)
    assert _deferred(w)


def test_an_optimizer_updating_a_weight_that_another_lazy_gradient_reads_evaluates_that_one_first():
    rng = np.random.default_rng(10)
    queries = lg.nn.Parameter(lg.tensor(rng.standard_normal((32, 200))))  # a learned input (e.g. queries)
    w = lg.nn.Parameter(lg.tensor(rng.standard_normal((100, 200)) * 0.1))
    lg.nn.functional.linear(queries, w).sum().backward()
    expected_w = w.data.numpy() - 0.1 * (np.ones((100, 32)) @ queries.data.numpy())
    expected_q = queries.data.numpy() - 0.1 * (np.ones((32, 100)) @ w.data.numpy())
    lg.optim.SGD([queries, w], lr=0.1).step()  # queries first: w's xᵀ·g reads queries
    np.testing.assert_allclose(w.data.numpy(), expected_w, rtol=1e-12)
    np.testing.assert_allclose(queries.data.numpy(), expected_q, rtol=1e-12)


def test_inside_evaluated_weight_gradients_backward_computes_every_gradient():
    rng = np.random.default_rng(8)
    x, w = _large_linear(rng)
    with lg.evaluated_weight_gradients():
        lg.linear(x, w).sum().backward()
    assert not _deferred(w)
    expected = x.data.T @ np.ones((32, 100))
    x.numpy()[...] = 0  # a write through NumPy, which no tensor sees
    np.testing.assert_allclose(w.grad, expected, rtol=1e-12)
    w.zero_grad()
    with lg.evaluated_weight_gradients(), lg.deferred_weight_gradients():
        lg.linear(lg.tensor(rng.standard_normal((32, 200))), w).sum().backward()
    assert _deferred(w)
    w.zero_grad()
    lg.linear(x, w).sum().backward()
    assert _deferred(w)  # the blocks restore the mode


def test_fit_leaves_no_lazy_gradient_behind(defer_all):
    """After fit every weight's gradient is an array (the last batch's), so later writes anywhere are
    not checked against lazy products a finished training kept."""
    from ligero.tensor import _LAZY_HOLDERS

    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(20, 6)).astype(np.float32), rng.normal(size=(20, 3)).astype(np.float32)
    model = lg.Sequential([layers.Dense(5, activation="tanh", input_dim=6), layers.Dense(3)])
    model.compile(optimizer=optimizers.SGD(lr=0.1), loss="mse")
    probe = []

    class Watch(lg.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            probe.append(any(_deferred(p) for p in self.model.parameters()))

    model.fit(x, y, batch_size=10, epochs=1, verbose=0, callbacks=[Watch()])
    assert all(probe)  # during training the products stay lazy (SGD folds them)
    assert not any(_deferred(p) for p in model.parameters())
    assert not any(id(p) in _LAZY_HOLDERS for p in model.parameters())


@pytest.mark.parametrize("shape", [(4, 2, 2), (32, 784, 200), (64, 512, 512), (65, 512, 512), (3, 5, 300, 100)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_matmul_transposed_is_x_times_w_transposed_in_a_fresh_contiguous_array(shape, dtype):
    *lead, k, n = shape
    rng = np.random.default_rng(1)
    x, w = rng.normal(size=(*lead, k)).astype(dtype), rng.normal(size=(n, k)).astype(dtype)
    got = blas.matmul_transposed(x, w)
    np.testing.assert_allclose(got, x @ w.T, rtol=1e-5 if dtype == np.float32 else 1e-12, atol=1e-4)
    assert got.dtype == dtype and got.shape == (*lead, n) and got.flags.c_contiguous
    assert not np.shares_memory(got, x) and not np.shares_memory(got, w)
