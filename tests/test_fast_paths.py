"""The shortcuts the training loop takes for speed compute exactly what the plain way computes.

Each test runs the fast path and the slow, obvious one side by side:
- L2 penalties handed to the optimizer as a coupled decay == backpropagating loss + ΣR(W);
- per-batch hooks called only on callbacks that define them;
- one-comparison label range checks == min/max;
- the one-pass NaN check of large inputs == a full scan;
- a softmax over the class axis recognised by the logits its output carries.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import ligero as lg
from ligero import callbacks, layers, optimizers, regularizers
from ligero.errors import ConfigError, DataError
from ligero.models import data as model_data
from ligero.regularizers import Penalties
from ligero.targets import labels_in_range

OPTIMIZERS = {
    "sgd": lambda: optimizers.SGD(lr=0.1),
    "sgd+wd": lambda: optimizers.SGD(lr=0.1, weight_decay=0.03),
    "momentum": lambda: optimizers.SGD(lr=0.1, momentum=0.9),
    "nesterov": lambda: optimizers.SGD(lr=0.1, momentum=0.9, nesterov=True),
    "rmsprop": lambda: optimizers.RMSprop(lr=0.01, momentum=0.5),
    "adam": lambda: optimizers.Adam(lr=0.01, weight_decay=0.02),
    "adamw": lambda: optimizers.AdamW(lr=0.01, weight_decay=0.05),
}

REGULARIZERS = {
    "l2": lambda: regularizers.L2(0.05),
    "l1": lambda: regularizers.L1(0.02),
    "l1_l2": lambda: regularizers.L1L2(l1=0.01, l2=0.04),
    "callable": lambda: (lambda w: 0.07 * lg.sum(w * w * w * w)),
}


def _net(optimizer, regularizer):
    lg.set_seed(1)
    model = lg.Sequential([
        layers.Dense(5, activation="tanh", input_dim=3, kernel_regularizer=regularizer, dtype="float64"),
        layers.Dense(4, activation="softmax", kernel_regularizer=regularizer, bias_regularizer=regularizer,
                     dtype="float64"),
    ])
    model.compile(optimizer=optimizer, loss="categorical_crossentropy")
    return model


@pytest.mark.parametrize("deferred", [False, True], ids=["evaluated", "deferred"])
@pytest.mark.parametrize("reg_name", sorted(REGULARIZERS))
@pytest.mark.parametrize("opt_name", sorted(OPTIMIZERS))
def test_penalties_as_coupled_decay_equal_backpropagating_the_penalised_loss(
    opt_name, reg_name, deferred, monkeypatch
):
    # deferred: the fast model's weight gradients stay unevaluated products (however small)
    # for the optimizers that fold them into the update; the slow model's are arrays
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((8, 3)), rng.integers(0, 4, 8)
    fast = _net(OPTIMIZERS[opt_name](), REGULARIZERS[reg_name]())
    slow = _net(OPTIMIZERS[opt_name](), REGULARIZERS[reg_name]())
    slow.optimizer.bind(slow.trainable_parameters())
    for _ in range(3):
        if deferred:
            monkeypatch.setattr(lg.blas, "DEFER_PRODUCTS_FROM", 0)
        value = fast.train_on_batch(x, y)  # binds the L2 parts to the optimizer as coupled decay
        monkeypatch.undo()
        # the plain way: the penalties are graph nodes, the optimizer gets no decay
        slow.optimizer.zero_grad()
        total = slow.loss(y, slow(x))
        for p in slow.optimizer.params:
            if p.regularizer is not None:
                total = total + p.regularizer(p)
        total.backward()
        slow.optimizer.step()
        assert value == pytest.approx(float(total.data), rel=1e-12)
    for got, want in zip(fast.get_weights(), slow.get_weights()):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


def test_penalties_split_l2_to_the_optimizer_and_keep_the_rest():
    p1, p2, p3 = (lg.nn.Parameter(np.ones(3)) for _ in range(3))
    p1.regularizer, p2.regularizer, p3.regularizer = regularizers.L2(0.5), regularizers.L1L2(0.1, 0.25), None
    pen = Penalties([p1, p2, p3])
    assert pen.decay == [1.0, 0.5, 0.0]  # 2·l2
    assert [type(r).__name__ for _, r in pen.rest] == ["L1"]
    assert pen.value() == pytest.approx(0.5 * 3 + 0.1 * 3 + 0.25 * 3)
    assert Penalties([p3]).decay is None  # no decay at all: the optimizer's plain path


def test_sgd_step_with_decay_is_the_gradient_plus_k_w_and_leaves_grad_alone():
    w = lg.nn.Parameter(np.array([1.0, -2.0, 4.0]))
    w.grad = np.array([0.5, 0.5, -1.0])
    before = w.grad_array.copy()
    optimizers.SGD(lr=0.1).bind([w], decay=[0.2]).step()
    np.testing.assert_allclose(w.data, np.array([1.0, -2.0, 4.0]) - 0.1 * (before + 0.2 * np.array([1.0, -2.0, 4.0])))
    np.testing.assert_array_equal(w.grad, before)


def test_step_decay_of_the_wrong_length_is_a_clear_error():
    w = lg.nn.Parameter(np.ones(2))
    w.grad = np.ones(2)
    with pytest.raises(ConfigError, match="2 decay coefficients for 1 parameters"):
        optimizers.SGD(lr=0.1).bind([w], decay=[0.1, 0.2])


def test_batch_hooks_are_called_only_where_defined_and_still_called_there():
    class Counts(callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.begins = self.ends = 0

        def on_batch_begin(self, batch, logs=None):
            self.begins += 1

        def on_batch_end(self, batch, logs=None):
            self.ends += 1
            assert "loss" in logs

    plain, counts, patched = callbacks.Callback(), Counts(), callbacks.Callback()
    seen = []
    patched.on_batch_end = lambda batch, logs=None: seen.append(batch)  # set on the instance
    cb_list = callbacks.CallbackList([plain, counts, patched])
    assert cb_list.overriding("on_batch_begin") == [counts]
    assert cb_list.overriding("on_batch_end") == [counts, patched]

    rng = np.random.default_rng(0)
    model = _net(optimizers.SGD(lr=0.1), None)
    model.fit(rng.standard_normal((10, 3)), rng.integers(0, 4, 10), batch_size=4, epochs=2, verbose=0,
              callbacks=[plain, counts, patched])
    assert counts.begins == counts.ends == 6
    assert seen == [0, 1, 2, 0, 1, 2]


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8])
def test_label_range_check_agrees_with_min_and_max(dtype):
    rng = np.random.default_rng(0)
    for _ in range(200):
        labels = rng.integers(-3 if dtype != np.uint8 else 0, 13, size=rng.integers(0, 6)).astype(dtype)
        want = labels.size == 0 or (labels.min() >= 0 and labels.max() < 10)
        assert labels_in_range(labels, 10) == want, labels


def test_cross_entropy_rejects_negative_and_too_large_labels_per_batch():
    logits = lg.tensor(np.zeros((2, 3)), requires_grad=True)
    for bad in ([0, -1], [3, 0]):
        with pytest.raises(DataError, match=r"integers in \[0, 2\]"):
            lg.cross_entropy(logits, np.array(bad))


@pytest.fixture
def large_inputs(monkeypatch):
    """Make 'large' mean > 4 KiB, so that small arrays take the one-pass paths."""
    monkeypatch.setattr(model_data, "_LARGE_BYTES", 4096)
    monkeypatch.setattr(model_data, "_SCALE_SAMPLE_ROWS", 16)
    rng = np.random.default_rng(0)
    return rng.random((200, 12)).astype(np.float32)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_one_pass_nan_check_finds_the_first_bad_sample(large_inputs, bad):
    x = large_inputs
    x[117, 5] = bad
    x[150, 0] = bad
    assert model_data._first_nonfinite_sample(x) == 117


def test_one_pass_nan_check_does_not_mistake_an_overflowing_row_for_nan(large_inputs):
    x = large_inputs
    x[30] = 3e38  # finite values whose sum overflows to inf
    assert model_data._first_nonfinite_sample(x) is None
    x[31, 2] = np.nan
    assert model_data._first_nonfinite_sample(x) == 31


def test_fit_on_large_inputs_names_the_bad_sample_and_warns_about_scale(large_inputs):
    model = lg.Sequential([layers.Dense(3, activation="softmax", input_dim=12)])
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    y = np.zeros(200, dtype=np.int64)
    with pytest.warns(UserWarning, match="scale the inputs"):
        model.fit(large_inputs * 255, y, epochs=1, verbose=0)
    large_inputs[42, 7] = np.nan
    with pytest.raises(DataError, match="first in sample 42"):
        model.fit(large_inputs, y, epochs=1, verbose=0)


def test_softmax_op_names_its_axis_and_only_the_class_axis_takes_the_fused_loss():
    z = lg.tensor(np.random.default_rng(0).standard_normal((4, 3)), requires_grad=True)
    assert lg.softmax(z).op == "softmax" and lg.softmax(z, axis=1).op == "softmax"
    assert lg.softmax(z, axis=0).op == "softmax(axis=0)"
    labels = np.array([0, 2, 1, 1])
    fused = lg.losses.SparseCategoricalCrossentropy()(labels, lg.softmax(z))
    assert fused.parents[0] is z  # computed from the logits
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        columns = lg.losses.SparseCategoricalCrossentropy()(labels, lg.softmax(z, axis=0))
    p = np.exp(z.data) / np.exp(z.data).sum(axis=0)
    p = p / p.sum(axis=1, keepdims=True)  # Keras's probabilities path: each row divided by its sum
    assert float(columns.data) == pytest.approx(-np.log(p[np.arange(4), labels]).mean())


def test_a_scalar_loss_backpropagated_twice_accumulates():
    w = lg.tensor(np.array([1.0, 2.0]), requires_grad=True)
    loss = lg.sum(w * w)
    loss.backward(retain_graph=True)  # torch frees the graph otherwise
    loss.backward()
    np.testing.assert_allclose(w.grad, 2 * 2 * np.array([1.0, 2.0]))


def test_blas_thread_count_can_be_limited_for_a_block_and_for_the_process():
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=2, user_api="blas"):  # whatever the machine has, start from 2
        start = lg.get_num_threads()
        with lg.threads.blas_threads(1):
            assert lg.get_num_threads() == 1
        assert lg.get_num_threads() == start
        lg.set_num_threads(1)
        assert lg.get_num_threads() == 1
    for bad in (0, -1, 1.5, True, "2"):
        with pytest.raises(ConfigError, match="BLAS threads"):
            lg.set_num_threads(bad)


def test_a_single_full_batch_is_not_reordered_and_more_batches_are():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((12, 3)), rng.integers(0, 4, 12)

    def weights(batch_size, shuffle):
        model = _net(optimizers.SGD(lr=0.1), None)
        model.fit(x, y, batch_size=batch_size, epochs=3, verbose=0, shuffle=shuffle, seed=5)
        return model.get_weights()

    for got, want in zip(weights(12, True), weights(12, False)):  # one batch: shuffling is a no-op
        np.testing.assert_array_equal(got, want)
    assert any(not np.array_equal(a, b) for a, b in zip(weights(4, True), weights(4, False)))


def test_a_backward_rule_may_write_into_the_gradient_it_receives():
    """Student-written ops sometimes scale ``g`` in place; the seed must be theirs to change."""
    from ligero.tensor import make_result

    w = lg.tensor(np.array(3.0), requires_grad=True)

    def double(a):
        def backward(g):
            g *= 2  # in place, on purpose
            return (g,)

        return make_result(a.data * 2, (a,), backward, "double")

    double(w).backward()
    double(w).backward()
    assert float(w.grad) == 4.0


def test_one_pass_nan_check_of_a_large_strided_view_finds_the_sample(large_inputs):
    x = np.asfortranarray(large_inputs)  # not C-contiguous: checked by min/max, no copy
    x[63, 1] = np.nan
    assert model_data._first_nonfinite_sample(x) == 63
    assert model_data._first_nonfinite_sample(large_inputs[:, ::2]) is None


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
def test_relu_of_a_large_array_against_its_zeros_is_the_plain_maximum(dtype):
    # arrays of 4096+ elements are compared with a shared read-only array of zeros, not the scalar 0
    rng = np.random.default_rng(0)
    values = (rng.standard_normal((8, 3, 17, 19)) * 5).astype(dtype)
    if dtype != np.int64:
        values.flat[:4] = [np.nan, -0.0, np.inf, -np.inf]
    x = lg.tensor(values, requires_grad=dtype != np.int64)
    y = lg.relu(x)
    np.testing.assert_array_equal(y.detach().numpy(), np.maximum(values, 0))
    assert y.dtype == x.dtype and not np.signbit(y.detach().numpy().flat[1])
    small = values[:1, :1, :2, :2]  # below the size: the scalar 0, the same values
    np.testing.assert_array_equal(lg.relu(lg.tensor(small)).numpy(), np.maximum(small, 0))
    if dtype != np.int64:
        g = rng.standard_normal(values.shape).astype(dtype)
        y.backward(lg.tensor(g))
        np.testing.assert_array_equal(x.grad.numpy(), g * (values > 0))
        twice = lg.relu(lg.relu(x) - 1.0)  # the zeros are shared and read-only: nothing writes into them
        np.testing.assert_array_equal(twice.detach().numpy(), np.maximum(np.maximum(values, 0) - 1, 0))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dot_of_two_2d_arrays_is_the_matmul_to_the_bit(dtype):
    # blas.dot2 (and the linear layers) take np.dot for 2-D operands: the same GEMM as np.matmul
    from ligero.blas import dot2

    rng = np.random.default_rng(0)
    for m, k, n in [(1, 1, 1), (2, 2, 1), (4, 2, 2), (32, 784, 100), (33, 27, 12), (7, 100, 10), (64, 3, 4)]:
        a, b = rng.standard_normal((m, k)).astype(dtype), rng.standard_normal((k, n)).astype(dtype)
        for left, right in [(a, b), (np.ascontiguousarray(a.T).T, b), (a, np.ascontiguousarray(b.T).T)]:
            np.testing.assert_array_equal(dot2(left, right), np.matmul(left, right))
    batch = rng.standard_normal((3, 4, 5)).astype(dtype)  # N-D: the matmul's meaning, not np.dot's
    w = rng.standard_normal((5, 2)).astype(dtype)
    assert dot2(batch, w).shape == (3, 4, 2)
    np.testing.assert_array_equal(dot2(batch, w), batch @ w)
