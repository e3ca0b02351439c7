"""The training core's extension points and pieces, through the public API.

- a Model subclass may override ``train_step``/``test_step``/``predict_step`` (as in Keras 3);
- ``evaluate`` and ``predict`` record no graph, and a softmax output still takes the fused loss;
- the epoch iterator (batching, seeded shuffling, the single-batch rule) and the running means;
- the callback list: Keras's ``on_train_batch_*`` names, History and the NaN policy it carries;
- an optimizer written as one ``update_step`` trains a model; gradient clipping as Keras clips.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import ligero as lg
from ligero import callbacks, layers, optimizers
from ligero.errors import ConfigError, TrainingError
from ligero.models.epoch_iterator import EpochIterator
from ligero.models.running_mean import RunningMean


def _data(n=20, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, 4)).astype(np.float32), rng.integers(0, 3, n)


def _model(cls=lg.Sequential, optimizer=None):
    lg.set_seed(0)
    model = cls([layers.Dense(5, activation="tanh", input_dim=4), layers.Dense(3, activation="softmax")])
    model.compile(optimizer=optimizer or optimizers.SGD(lr=0.1), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model


# ------------------------------------------------------------- overridable steps
def test_fit_and_evaluate_call_an_overridden_train_step_and_test_step():
    class Counting(lg.Sequential):
        def __init__(self, stack):
            super().__init__(stack)
            self.trained = self.tested = 0

        def train_step(self, data):
            self.trained += 1
            logs = super().train_step(data)
            return {**logs, "twice_loss": 2 * logs["loss"]}

        def test_step(self, data):
            self.tested += 1
            return super().test_step(data)

    x, y = _data(20)
    model = _model(Counting)
    history = model.fit(x, y, batch_size=8, epochs=2, verbose=0, validation_split=0.2)
    assert model.trained == 2 * 2  # 16 training samples in batches of 8, two epochs
    assert model.tested == 2  # one validation batch per epoch
    assert history.history["twice_loss"] == pytest.approx([2 * v for v in history.history["loss"]])
    model.evaluate(x, y, batch_size=5)
    assert model.tested == 2 + 4


def test_predict_calls_an_overridden_predict_step_per_batch():
    class Doubling(lg.Sequential):
        def predict_step(self, data):
            return 2 * super().predict_step(data)

    x, _ = _data(10)
    model = _model(Doubling)
    np.testing.assert_allclose(model.predict(x, batch_size=3), 2 * lg.Sequential.predict(_model(), x))


def test_evaluate_and_predict_record_no_graph_and_fit_does():
    seen = []

    class Spy(layers.Layer):
        def call(self, x):
            seen.append(lg.is_grad_enabled())
            return x

    x, y = _data(8)
    lg.set_seed(0)
    model = lg.Sequential([layers.Dense(3, input_dim=4), Spy(), layers.Activation("softmax")])
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    model.fit(x, y, batch_size=8, verbose=0)
    assert seen[-1] is True
    model.evaluate(x, y)
    model.predict(x)
    assert seen[-2:] == [False, False]


def test_evaluate_without_a_graph_still_computes_a_softmax_output_loss_from_its_logits():
    # logits of ±1000: the softmax is exactly 0 and 1, so only the fused path gives a finite loss
    lg.set_seed(0)
    model = lg.Sequential([layers.Dense(2, input_dim=2, dtype="float64"), layers.Activation("softmax")])
    model.layers[0].kernel.data[...] = [[1000.0, 0.0], [0.0, 1000.0]]
    model.layers[0].bias.data[...] = 0.0
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    x, y = np.eye(2), np.array([1, 1])
    assert model.evaluate(x, y) == pytest.approx(500.0)


# ------------------------------------------------------------- iterator, means
def test_epoch_iterator_batches_shuffles_by_seed_and_leaves_one_full_batch_alone():
    x, y = np.arange(10)[:, None], np.arange(10)
    plain = EpochIterator(x, y, batch_size=4)
    assert plain.steps == 3
    assert [yb.tolist() for _, (_, yb) in plain] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    first = [yb.tolist() for _, (_, yb) in EpochIterator(x, y, 4, True, np.random.default_rng(3))]
    again = [yb.tolist() for _, (_, yb) in EpochIterator(x, y, 4, True, np.random.default_rng(3))]
    assert first == again and sorted(sum(first, [])) == list(range(10)) and first != [[0, 1, 2, 3], [4, 5, 6, 7],
                                                                                      [8, 9]]
    single = EpochIterator(x, y, 10, True, np.random.default_rng(3))
    assert [yb.tolist() for _, (_, yb) in single] == [list(range(10))]
    empty = EpochIterator(np.zeros((0, 2)), None, 4)
    assert [xb.shape for _, xb in empty] == [(0, 2)]


def test_running_mean_weights_each_batch_by_its_samples():
    means = RunningMean()
    assert math.isnan(means.result()["loss"])
    means.add({"loss": 1.0, "accuracy": 0.5}, 3)
    means.add({"loss": 4.0, "accuracy": 1.0}, 1)
    assert means.result() == pytest.approx({"loss": (3 * 1.0 + 4.0) / 4, "accuracy": (1.5 + 1.0) / 4})


# ------------------------------------------------------------------ callbacks
def test_keras_batch_hook_names_are_called_and_call_the_short_names():
    class Keras(callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.ends = []

        def on_train_batch_end(self, batch, logs=None):
            self.ends.append((batch, sorted(logs)))

    class Short(callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.begins = 0

        def on_batch_begin(self, batch, logs=None):
            self.begins += 1

    keras_style, short = Keras(), Short()
    x, y = _data(12)
    _model().fit(x, y, batch_size=4, epochs=1, verbose=0, callbacks=[keras_style, short])
    assert keras_style.ends == [(0, ["accuracy", "loss"]), (1, ["accuracy", "loss"]), (2, ["accuracy", "loss"])]
    assert short.begins == 3


def test_callback_list_adds_history_last_and_carries_the_nan_policy():
    user = callbacks.Callback()
    cbs = callbacks.CallbackList([user], add_history=True, add_progress=2, params={"epochs": 1})
    assert cbs.callbacks[0] is user and cbs.callbacks[-1] is cbs.history
    assert isinstance(cbs.callbacks[1], callbacks.ProgressLogger)
    with pytest.raises(TrainingError, match="epoch 2, batch 4"):
        cbs.on_nonfinite_loss(math.nan, 1, 3)
    stopper = callbacks.TerminateOnNaN()
    stopper.set_model(type("M", (), {"stop_training": False})())
    with pytest.warns(RuntimeWarning, match="batch 4"):
        callbacks.CallbackList([stopper]).on_nonfinite_loss(math.inf, 1, 3)
    assert stopper.model.stop_training


# ----------------------------------------------------------------- optimizers
class SignSGD(optimizers.Optimizer):
    """``p ← p − lr·sign(g + k·p)``: an optimizer is its update_step."""

    name = "sign_sgd"

    def __init__(self, params=None, lr=0.01, **clipping):
        super().__init__(params, lr, None, **clipping)

    def update_step(self, param, grad, state, lr, decay):
        param -= lr * np.sign(grad + decay * param)


def test_an_optimizer_written_as_one_update_step_trains_a_model_and_counts_its_steps():
    x, y = _data(16)
    model = _model(optimizer=SignSGD(lr=0.01))
    before = [w.copy() for w in model.get_weights()]
    model.fit(x, y, batch_size=8, epochs=2, verbose=0)
    for w0, w1 in zip(before, model.get_weights()):
        assert np.max(np.abs(w1 - w0)) <= 0.04 + 1e-6  # four steps of at most lr each
    assert model.optimizer.iterations == 4
    assert model.optimizer.state_dict()["steps"] == [4, 4, 4, 4]


def test_frozen_and_gradient_less_parameters_are_skipped():
    a, b = lg.nn.Parameter(np.ones(2)), lg.nn.Parameter(np.ones(2))
    a.grad = np.ones(2)
    opt = optimizers.SGD([a, b], lr=0.5)
    opt.step()  # b has no gradient
    b.grad = np.ones(2)
    b.requires_grad_(False)
    opt.step()  # b is frozen
    np.testing.assert_allclose(a.data, [0.0, 0.0])
    np.testing.assert_allclose(b.data, [1.0, 1.0])
    assert opt.state_dict()["steps"] == [2, 0]


def _clipped_step(**clipping):
    g1, g2 = np.array([3.0, 4.0]), np.array([0.0, 12.0])  # norms 5 and 12, global norm 13
    p1, p2 = lg.nn.Parameter(np.zeros(2)), lg.nn.Parameter(np.zeros(2))
    p1.grad, p2.grad = g1.copy(), g2.copy()
    optimizers.SGD([p1, p2], lr=1.0, **clipping).step()
    np.testing.assert_array_equal(p1.grad, g1)  # .grad is left as it is
    return -p1.data, -p2.data


def test_clipping_follows_keras():
    g1, g2 = _clipped_step(clipnorm=6.0)  # each to norm at most 6
    np.testing.assert_allclose(g1, [3.0, 4.0])
    np.testing.assert_allclose(g2, [0.0, 6.0])
    g1, g2 = _clipped_step(global_clipnorm=6.5)  # all scaled by 6.5 / 13
    np.testing.assert_allclose(g1, [1.5, 2.0])
    np.testing.assert_allclose(g2, [0.0, 6.0])
    g1, g2 = _clipped_step(clipvalue=3.5)
    np.testing.assert_allclose(g1, [3.0, 3.5])
    np.testing.assert_allclose(g2, [0.0, 3.5])
    with pytest.raises(ConfigError, match="at most one"):
        optimizers.SGD(lr=0.1, clipnorm=1.0, clipvalue=1.0)
    config = optimizers.Adam(lr=0.1, clipnorm=2.0).get_config()
    assert config["clipnorm"] == 2.0 and optimizers.get(config).clipnorm == 2.0
    with pytest.raises(TypeError, match="clip_norm"):
        optimizers.SGD(lr=0.1, clip_norm=1.0)
