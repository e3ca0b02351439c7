"""fit's recorded forward pass (``compile(jit_compile=...)``, ligero.models.replay): replaying it gives the
eager numbers bit for bit, and it is refused (the eager path runs) wherever it could not be the same."""

from __future__ import annotations

import numpy as np
import pytest

import ligero as lg
from ligero import layers, ops, optimizers, regularizers
from ligero.callbacks import Callback
from ligero.tensor import StepRecording, Tensor


def _xnor():
    x = np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]], dtype=np.float32)
    return x, np.array([[1], [-1], [-1], [1]], dtype=np.float32)


def _classes(n=70, features=12, classes=4, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, features)).astype(np.float32)
    return x, np.eye(classes, dtype=np.float32)[rng.integers(0, classes, n)]


def _train(build, data, jit_compile, epochs=6, callbacks=None, **fit):
    lg.set_seed(3)
    model, compile_args = build()
    model.compile(**compile_args, jit_compile=jit_compile)
    history = model.fit(*data, epochs=epochs, verbose=0, seed=1, callbacks=callbacks, **fit)
    return model, history.history


def _assert_same(build, data, epochs=6, callbacks_of=lambda: None, replayed=True, **fit):
    """fit with the replay and without: the same weights and logs, bit for bit; ``replayed`` says
    whether the replay must have run (counted by a probe callback)."""
    eager_model, eager_logs = _train(build, data, False, epochs, callbacks_of(), **fit)
    probe = _ReplayProbe()
    model, logs = _train(build, data, "auto", epochs, [probe, *(callbacks_of() or [])], **fit)
    for a, b in zip(eager_model.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert logs == eager_logs
    assert (probe.replays > 0) is replayed
    return model


class _ReplayProbe(Callback):
    """Reads how many batches fit replayed (the count its ForwardReplay keeps)."""

    replays = 0

    def on_train_end(self, logs=None):
        self.replays = self.model._forward_replay.replays


def test_xnor_tanh_sgd_with_l2_replays_with_the_eager_numbers():
    def build():
        reg = {"kernel_regularizer": regularizers.L2(0.01)}
        model = lg.Sequential([layers.Dense(2, activation="tanh", input_dim=2, **reg),
                               layers.Dense(1, activation="tanh", **reg)])
        return model, {"optimizer": optimizers.SGD(lr=0.5), "loss": "course_mse",
                       "metrics": [lg.metrics.SignAccuracy(name="accuracy")]}

    _assert_same(build, _xnor(), epochs=40, batch_size=4)


@pytest.mark.parametrize("optimizer", ["sgd", "adam", "momentum"])
def test_relu_softmax_cross_entropy_with_a_last_short_batch(optimizer):
    def build():
        opt = {"sgd": optimizers.SGD(lr=0.1), "adam": optimizers.Adam(1e-2),
               "momentum": optimizers.SGD(lr=0.05, momentum=0.9)}[optimizer]
        model = lg.Sequential([layers.Dense(16, activation="relu", input_dim=12), layers.Dense(8, activation="sigmoid"),
                               layers.Dense(4, activation="softmax")])
        return model, {"optimizer": opt, "loss": "categorical_crossentropy", "metrics": ["accuracy"]}

    x, y = _classes()  # 70 samples in batches of 16: four full batches and one of 6
    _assert_same(build, (x, y), batch_size=16, validation_split=0.2)


def test_a_functional_model_with_flatten_and_binary_cross_entropy():
    def build():
        inputs = lg.keras.Input((3, 4))
        h = layers.Flatten()(inputs)
        h = layers.Dense(6, activation="tanh")(h)
        outputs = layers.Dense(1, activation="sigmoid")(h)
        return lg.Model(inputs, outputs), {"optimizer": optimizers.RMSprop(1e-2), "loss": "binary_crossentropy"}

    x, y = _classes(n=40)
    _assert_same(build, (x.reshape(40, 3, 4), y[:, :1]), batch_size=8)


def test_weights_set_and_a_layer_frozen_by_callbacks_are_seen():
    class Interfere(Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:  # new values in the same arrays' places
                self.model.set_weights([w * 0.5 for w in self.model.get_weights()])
            if epoch == 3:
                self.model.layers[0].trainable = False

    def build():
        model = lg.Sequential([layers.Dense(8, activation="relu", input_dim=12), layers.Dense(4, activation="softmax")])
        return model, {"optimizer": optimizers.SGD(lr=0.1), "loss": "categorical_crossentropy"}

    _assert_same(build, _classes(), batch_size=10, callbacks_of=lambda: [Interfere()])


def test_a_layer_made_trainable_by_a_callback_is_seen():
    class Unfreeze(Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 2:
                self.model.layers[0].trainable = True

    def build():
        model = lg.Sequential([layers.Dense(8, activation="relu", input_dim=12), layers.Dense(4, activation="softmax")])
        model.layers[0].trainable = False
        return model, {"optimizer": optimizers.SGD(lr=0.1), "loss": "categorical_crossentropy"}

    _assert_same(build, _classes(), batch_size=10, callbacks_of=lambda: [Unfreeze()])


def test_a_recorded_pass_is_recorded_again_when_a_weight_changes_trainable():
    from ligero.models.replay import ForwardReplay

    model = lg.Sequential([layers.Dense(3, activation="tanh", input_dim=2)])
    replay = ForwardReplay(model, "auto", False)
    x = np.ones((4, 2), np.float32)
    first, _, kept = replay(x, None, None)
    assert kept and replay.replays == 0
    assert replay(x, None, None)[0] is first and replay.replays == 1
    model.layers[0].trainable = False
    again, _, kept = replay(x, None, None)
    assert kept and again is not first and replay.replays == 1  # recorded anew, not replayed


def test_models_that_are_not_replay_safe_run_eagerly():
    def with_dropout():
        model = lg.Sequential([layers.Dense(8, activation="relu", input_dim=12), layers.Dropout(0.3),
                               layers.Dense(4, activation="softmax")])
        return model, {"optimizer": "sgd", "loss": "categorical_crossentropy"}

    def with_a_custom_activation():
        model = lg.Sequential([layers.Dense(8, activation=lambda t: ops.tanh(t) * 2.0, input_dim=12),
                               layers.Dense(4, activation="softmax")])
        return model, {"optimizer": "sgd", "loss": "categorical_crossentropy"}

    for build in (with_dropout, with_a_custom_activation):
        _assert_same(build, _classes(), batch_size=10, replayed=False)
        model, _ = build()
        assert not model.replay_safe()


class _Noisy(layers.Layer):
    """A custom layer that mixes its input by a fresh random matrix each call: replaying would freeze it."""

    def call(self, x):
        return ops.linear(x, Tensor(np.random.default_rng().normal(size=(4, 4)).astype(np.float32)))


def test_jit_compile_true_refuses_a_recording_that_reads_an_array_made_on_the_side():
    model = lg.Sequential([layers.Dense(4, activation="tanh", input_dim=12), _Noisy(),
                           layers.Dense(4, activation="softmax")])
    assert not model.replay_safe()
    model.compile(optimizer="sgd", loss="categorical_crossentropy", jit_compile=True)
    probe = _ReplayProbe()
    model.fit(*_classes(), batch_size=10, epochs=2, verbose=0, callbacks=[probe])
    assert probe.replays == 0


def test_jit_compile_true_runs_eagerly_a_custom_layer_whose_op_cannot_recompute():
    class Doubled(layers.Layer):
        def call(self, x):
            return ops.tanh(x) * 2.0  # a number is a constant, not an array made on the side

    def build():
        model = lg.Sequential([layers.Dense(6, input_dim=12), Doubled(), layers.Dense(4, activation="softmax")])
        return model, {"optimizer": optimizers.SGD(lr=0.1), "loss": "categorical_crossentropy"}

    eager, eager_logs = _train(build, (_classes()), False)
    probe = _ReplayProbe()
    model, logs = _train(build, (_classes()), True, callbacks=[probe])
    assert probe.replays == 0  # mul has no recomputation: the recording is refused, the numbers are eager
    assert logs == eager_logs


def test_compile_rejects_an_unknown_jit_compile():
    model = lg.Sequential([layers.Dense(1, input_dim=2)])
    with pytest.raises(lg.ConfigError, match="jit_compile"):
        model.compile(optimizer="sgd", loss="mse", jit_compile="yes")


@pytest.mark.parametrize("make", [
    lambda a, w, b: ops.linear(a, w, b),
    lambda a, w, b: ops.linear(a, w),
    lambda a, w, b: ops.tanh(a),
    lambda a, w, b: ops.sigmoid(a),
    lambda a, w, b: ops.relu(a),
    lambda a, w, b: ops.softmax(a),
    lambda a, w, b: ops.reshape(a, (-1,)),
])
def test_each_recomputation_gives_the_op_of_the_new_inputs(make):
    rng = np.random.default_rng(0)
    a = Tensor(rng.normal(size=(5, 3)).astype(np.float32), requires_grad=True)
    w = Tensor(rng.normal(size=(3, 3)).astype(np.float32), requires_grad=True)
    b = Tensor(rng.normal(size=3).astype(np.float32), requires_grad=True)
    with StepRecording() as recording:
        out = make(a, w, b)
    recompute, reads = recording.recomputes[id(out)]
    assert a in reads
    a.array = rng.normal(size=(5, 3)).astype(np.float32)
    w.array[...] = rng.normal(size=(3, 3))
    recompute()
    fresh = make(a, w, b)
    np.testing.assert_array_equal(out.array, fresh.array)
    out.backward(np.ones_like(out.array))  # the backward rule reads the recomputed values
    got = a.grad.numpy().copy()
    a.grad = None
    fresh.backward(np.ones_like(fresh.array))
    np.testing.assert_array_equal(got, a.grad.numpy())


def test_the_loss_is_recorded_only_from_the_targets_own_buffer():
    from ligero.models.replay import ForwardReplay

    model = lg.Sequential([layers.Dense(1, activation="tanh", input_dim=2)])
    model.compile(optimizer="sgd", loss="mse")
    x, y = _xnor()
    replay = ForwardReplay(model, "auto", True)
    _, loss, kept = replay(x, y, None)
    assert kept and loss is not None and replay.passes[(x.shape, x.dtype, y.shape, y.dtype)].loss is loss
    new_y = -y
    _, again, _ = replay(x, new_y, None)
    assert again is loss and np.array_equal(loss.array, model.compute_loss(x, new_y, model(x), None).array)
    y64 = y.astype(np.float64)  # the loss would read a float32 copy of the targets, not the buffer: not kept
    _, loss64, kept = replay(x, y64, None)
    assert kept and replay.passes[(x.shape, x.dtype, y64.shape, y64.dtype)].loss is None


def test_a_metric_that_keeps_each_batchs_outputs_gets_arrays_of_their_own():
    class Keep(lg.metrics.Metric):
        def __init__(self):
            super().__init__(name="keep")
            self.seen = []

        def update_state(self, y_true, y_pred, sample_weight=None):
            self.seen.append(y_pred)

        def result(self):
            return 0.0

        def reset_state(self):
            pass

    kept = {}
    for mode in (False, "auto"):
        lg.set_seed(3)
        model = lg.Sequential([layers.Dense(4, activation="softmax", input_dim=12)])
        metric = Keep()
        model.compile(optimizer=optimizers.SGD(lr=0.1), loss="categorical_crossentropy", metrics=[metric],
                      jit_compile=mode)
        model.fit(*_classes(n=40), batch_size=10, epochs=2, verbose=0, seed=1)
        kept[mode] = [np.array(a) for a in metric.seen]
    assert len(kept["auto"]) == 8
    for a, b in zip(kept[False], kept["auto"]):
        np.testing.assert_array_equal(a, b)
