"""Callbacks, driven by a tiny fake model and a fake training loop (no dependency on Model)."""

from __future__ import annotations

import csv
import math
import warnings

import numpy as np
import pytest

from ligero import callbacks as cb
from ligero.errors import ConfigError


class FakeOptimizer:
    def __init__(self, lr: float) -> None:
        self.lr = lr


class FakeModel:
    """Has what callbacks may use: stop_training, get/set_weights, save, optimizer.lr."""

    def __init__(self, lr: float = 0.1) -> None:
        self.stop_training = False
        self.weights = [np.zeros(2), np.zeros(1)]
        self.optimizer = FakeOptimizer(lr)
        self.saved: list[str] = []

    def get_weights(self) -> list[np.ndarray]:
        return [w.copy() for w in self.weights]

    def set_weights(self, weights: list[np.ndarray]) -> None:
        self.weights = [np.array(w) for w in weights]

    def save(self, path: str) -> None:
        with open(path, "w") as f:
            f.write(f"weights {self.weights[0][0]}")
        self.saved.append(path)


def train(model: FakeModel, callbacks: list[cb.Callback], epoch_logs: list[dict], batches: int = 2) -> int:
    """A minimal fit: epoch i sets the weights to i and reports epoch_logs[i]. Returns epochs run."""
    cbs = cb.CallbackList(callbacks, model=model, params={"epochs": len(epoch_logs), "steps": batches})
    cbs.on_train_begin({})
    ran = 0
    for epoch, logs in enumerate(epoch_logs):
        cbs.on_epoch_begin(epoch, {})
        for b in range(batches):
            cbs.on_batch_begin(b, {})
            model.weights = [np.full(2, float(epoch)), np.full(1, float(epoch))]
            cbs.on_batch_end(b, {"loss": logs.get("loss", 0.0)})
        cbs.on_epoch_end(epoch, dict(logs))
        ran += 1
        if model.stop_training:
            break
    cbs.on_train_end({})
    return ran


def val_losses(*values: float) -> list[dict]:
    return [{"loss": v + 0.1, "val_loss": v} for v in values]


# ---------------------------------------------------------------- basics
def test_base_callback_hooks_do_nothing_and_list_dispatches():
    calls = []

    class Recorder(cb.Callback):
        def on_train_begin(self, logs=None):
            calls.append("train_begin")

        def on_epoch_begin(self, epoch, logs=None):
            calls.append(f"epoch_begin {epoch}")

        def on_batch_begin(self, batch, logs=None):
            calls.append(f"batch_begin {batch}")

        def on_batch_end(self, batch, logs=None):
            calls.append(f"batch_end {batch}")

        def on_epoch_end(self, epoch, logs=None):
            calls.append(f"epoch_end {epoch}")

        def on_train_end(self, logs=None):
            calls.append("train_end")

    model = FakeModel()
    rec, plain = Recorder(), cb.Callback()
    train(model, [plain, rec], val_losses(1.0), batches=2)
    assert calls == ["train_begin", "epoch_begin 0", "batch_begin 0", "batch_end 0",
                     "batch_begin 1", "batch_end 1", "epoch_end 0", "train_end"]
    assert rec.model is model and plain.model is model
    assert rec.params == {"epochs": 1, "steps": 2}
    cl = cb.CallbackList([rec])
    cl.append(plain)
    assert len(cl) == 2 and list(cl) == [rec, plain]
    assert not cl.handles_nan
    cl.append(cb.TerminateOnNaN())
    assert cl.handles_nan
    with pytest.raises(ConfigError):
        cb.CallbackList([object()])


def test_history_records_keras_names_as_floats():
    h = cb.History()
    logs = [{"loss": np.float32(0.5), "accuracy": 0.8}, {"loss": 0.25, "accuracy": np.float64(0.9)}]
    train(FakeModel(), [h], logs)
    assert h.history == {"loss": [0.5, 0.25], "accuracy": [0.8, 0.9]}
    assert all(type(v) is float for vs in h.history.values() for v in vs)
    assert h.epoch == [0, 1]
    assert h.params["epochs"] == 2


# -------------------------------------------------------- EarlyStopping
def test_early_stopping_stops_at_the_right_epoch_and_restores_best():
    model = FakeModel()
    es = cb.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    ran = train(model, [es], val_losses(1.0, 0.5, 0.6, 0.55, 0.4, 0.3))
    # best at epoch 1; epochs 2 and 3 do not improve -> stop after epoch 3
    assert ran == 4
    assert es.stopped_epoch == 3
    assert es.best == 0.5 and es.best_epoch == 1
    np.testing.assert_array_equal(model.weights[0], [1.0, 1.0])


def test_early_stopping_patience_zero_and_no_stop():
    model = FakeModel()
    es = cb.EarlyStopping(patience=0)
    assert train(model, [es], val_losses(1.0, 0.9, 0.95, 0.1)) == 3
    model = FakeModel()
    es = cb.EarlyStopping(patience=1)
    assert train(model, [es], val_losses(1.0, 0.9, 0.8, 0.7)) == 4
    assert es.stopped_epoch == 0 and not model.stop_training  # Keras's "never stopped"


def test_early_stopping_min_delta_and_auto_max_mode():
    es = cb.EarlyStopping(monitor="val_loss", min_delta=0.1, patience=2)
    assert train(FakeModel(), [es], val_losses(1.0, 0.95, 0.92, 0.5)) == 3  # improvements < 0.1 don't count
    assert es.stopped_epoch == 2 and es.best == 1.0

    logs = [{"val_accuracy": a} for a in (0.5, 0.7, 0.6, 0.65, 0.9)]
    es = cb.EarlyStopping(monitor="val_accuracy", patience=2, restore_best_weights=True)
    model = FakeModel()
    assert train(model, [es], logs) == 4
    assert es.best == 0.7
    np.testing.assert_array_equal(model.weights[1], [1.0])


def test_early_stopping_baseline():
    es = cb.EarlyStopping(patience=2, baseline=0.5)
    # improves every epoch without beating the baseline: as in Keras, an improving epoch never stops
    assert train(FakeModel(), [es], val_losses(0.9, 0.8, 0.7, 0.6)) == 4
    es = cb.EarlyStopping(patience=2, baseline=0.5)
    # no improvement after the first epoch and the baseline never beaten: patience runs out
    assert train(FakeModel(), [es], val_losses(0.9, 0.95, 0.97, 0.99)) == 2
    es = cb.EarlyStopping(patience=3, baseline=0.5)
    # beats the baseline at epoch 2 (within patience), then 3 epochs without improvement
    assert train(FakeModel(), [es], val_losses(0.9, 0.8, 0.4, 0.45, 0.42, 0.41, 0.3)) == 6
    assert es.stopped_epoch == 5 and es.best_epoch == 2


def test_early_stopping_restores_even_without_stopping():
    model = FakeModel()
    es = cb.EarlyStopping(patience=5, restore_best_weights=True)
    train(model, [es], val_losses(1.0, 0.2, 0.3))
    np.testing.assert_array_equal(model.weights[0], [1.0, 1.0])


def test_missing_monitor_warns_once_and_does_not_crash():
    es = cb.EarlyStopping(monitor="val_loss", patience=0)
    with pytest.warns(RuntimeWarning, match="val_loss") as record:
        ran = train(FakeModel(), [es], [{"loss": 1.0}, {"loss": 2.0}, {"loss": 3.0}])
    assert ran == 3
    assert len([w for w in record if "val_loss" in str(w.message)]) == 1


def test_bad_mode():
    with pytest.raises(ConfigError, match="mode"):
        cb.EarlyStopping(mode="up")


# ------------------------------------------------------ ModelCheckpoint
def test_checkpoint_save_best_only(tmp_path):
    model = FakeModel()
    ck = cb.ModelCheckpoint(tmp_path / "best-{epoch:02d}-{val_loss:.3f}.ligero", save_best_only=True)
    train(model, [ck], val_losses(1.0, 0.5, 0.7, 0.4, 0.45))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["best-01-1.000.ligero", "best-02-0.500.ligero", "best-04-0.400.ligero"]
    assert ck.saved == model.saved
    assert (tmp_path / "best-04-0.400.ligero").read_text() == "weights 3.0"


def test_checkpoint_every_epoch_and_max_mode(tmp_path):
    model = FakeModel()
    ck = cb.ModelCheckpoint(str(tmp_path / "sub" / "m-{epoch}.ligero"))
    train(model, [ck], val_losses(1.0, 2.0))
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["m-1.ligero", "m-2.ligero"]

    ck = cb.ModelCheckpoint(tmp_path / "acc.ligero", monitor="accuracy", save_best_only=True)
    train(FakeModel(), [ck], [{"accuracy": 0.5}, {"accuracy": 0.4}, {"accuracy": 0.9}])
    assert [p.rsplit("/", 1)[-1] for p in ck.saved] == ["acc.ligero", "acc.ligero"]
    assert ck.best == 0.9


def test_checkpoint_missing_monitor_warns_and_bad_format(tmp_path):
    ck = cb.ModelCheckpoint(tmp_path / "x.ligero", save_best_only=True)
    with pytest.warns(RuntimeWarning, match="val_loss"):
        train(FakeModel(), [ck], [{"loss": 1.0}])
    assert ck.saved == []
    ck = cb.ModelCheckpoint(tmp_path / "x-{val_acc}.ligero")
    with pytest.raises(ConfigError, match="val_acc"):
        train(FakeModel(), [ck], [{"loss": 1.0}])


# ------------------------------------------------------------ CSVLogger
def test_csv_logger_writes_rows_and_appends(tmp_path):
    path = tmp_path / "log.csv"
    logs = [{"loss": 0.5, "accuracy": 0.75, "val_loss": 0.6}, {"loss": 0.25, "accuracy": 1.0}]
    train(FakeModel(), [cb.CSVLogger(path)], logs)
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    assert rows == [
        ["epoch", "accuracy", "loss", "val_loss"],
        ["0", "0.75", "0.5", "0.6"],
        ["1", "1.0", "0.25", "NA"],
    ]
    train(FakeModel(), [cb.CSVLogger(path, append=True)], [{"loss": 0.1, "accuracy": 1.0, "val_loss": 0.2}])
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == 4 and rows[0][0] == "epoch" and rows[3] == ["0", "1.0", "0.1", "0.2"]
    train(FakeModel(), [cb.CSVLogger(path)], [{"loss": 9.0}])  # no append: overwritten
    with open(path, newline="") as f:
        # as Keras's, validation columns are added when the first epoch has none
        assert list(csv.reader(f)) == [["epoch", "loss", "val_loss"], ["0", "9.0", "NA"]]


# ------------------------------------------------------- TerminateOnNaN
def test_terminate_on_nan_stops_and_records_why():
    model = FakeModel()
    t = cb.TerminateOnNaN()
    assert t.handles_nan
    with pytest.warns(RuntimeWarning, match="nan"):
        ran = train(model, [t], [{"loss": 1.0}, {"loss": float("nan")}, {"loss": 0.5}])
    assert ran == 2 and model.stop_training
    assert t.terminated and t.stopped_epoch == 1 and t.stopped_batch == 0
    assert "epoch 2, batch 1" in t.reason  # 1-based in the message


def test_terminate_on_nan_ignores_finite_and_sees_inf():
    t = cb.TerminateOnNaN()
    assert train(FakeModel(), [t], [{"loss": 1.0}, {"loss": 0.5}]) == 2
    assert not t.terminated and t.reason is None
    with pytest.warns(RuntimeWarning):
        assert train(FakeModel(), [t], [{"loss": math.inf}]) == 1
    assert t.terminated


# ------------------------------------------------------- lr schedulers
def test_learning_rate_scheduler_two_and_one_argument():
    model = FakeModel(lr=1.0)
    seen = []

    class Spy(cb.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            seen.append(self.model.optimizer.lr)

    h = cb.History()
    train(model, [cb.LearningRateScheduler(lambda epoch, lr: lr * 0.5), Spy(), h], [{"loss": 1.0}] * 3)
    assert seen == [0.5, 0.25, 0.125]
    assert h.history["learning_rate"] == [0.5, 0.25, 0.125]

    model = FakeModel(lr=1.0)
    train(model, [cb.LearningRateScheduler(lambda epoch: 0.1 * (epoch + 1))], [{"loss": 1.0}] * 3)
    assert model.optimizer.lr == pytest.approx(0.3)
    assert type(model.optimizer.lr) is float


def test_learning_rate_scheduler_rejects_bad_values():
    with pytest.raises(ConfigError):
        cb.LearningRateScheduler(0.1)
    with pytest.raises(ConfigError, match="learning rate"):
        train(FakeModel(), [cb.LearningRateScheduler(lambda e, lr: float("nan"))], [{"loss": 1.0}])


def test_schedule_helpers():
    step = cb.step_decay(1.0, 0.5, every=10)
    assert [step(e, 0.0) for e in (0, 9, 10, 25)] == [1.0, 1.0, 0.5, 0.25]
    cos = cb.cosine_decay(1.0, epochs=10, min_lr=0.1)
    assert cos(0, 0.0) == pytest.approx(1.0)
    assert cos(5, 0.0) == pytest.approx(0.55)
    assert cos(10, 0.0) == pytest.approx(0.1)
    assert cos(50, 0.0) == pytest.approx(0.1)
    model = FakeModel(lr=1.0)
    train(model, [cb.LearningRateScheduler(cb.step_decay(0.2, 0.1, every=2))], [{"loss": 1.0}] * 3)
    assert model.optimizer.lr == pytest.approx(0.02)
    with pytest.raises(ConfigError):
        cb.step_decay(1.0, 0.5, every=0)
    with pytest.raises(ConfigError):
        cb.cosine_decay(1.0, epochs=0)


def test_reduce_lr_on_plateau():
    model = FakeModel(lr=1.0)
    r = cb.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2, min_lr=0.2)
    lrs = []

    class Spy(cb.Callback):
        def on_epoch_end(self, epoch, logs=None):
            lrs.append(self.model.optimizer.lr)

    train(model, [r, Spy()], val_losses(1.0, 1.0, 1.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1))
    # plateau at epochs 1-2 -> 0.5; improvement at 3; plateau 4-5 -> 0.25; 6-7 -> 0.2 (min_lr); stays
    assert lrs == [1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2, 0.2]


def test_reduce_lr_on_plateau_cooldown_and_validation():
    model = FakeModel(lr=1.0)
    r = cb.ReduceLROnPlateau(factor=0.5, patience=1, cooldown=2)
    train(model, [r], val_losses(1.0, 1.0, 1.0, 1.0, 1.0))
    # reduce at epoch 1; cooldown epochs 2, 3; reduce again at 4
    assert model.optimizer.lr == 0.25
    with pytest.raises(ConfigError):
        cb.ReduceLROnPlateau(factor=1.5)


def test_no_warnings_when_everything_is_present(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        train(FakeModel(), [cb.EarlyStopping(patience=3), cb.ReduceLROnPlateau(),
                            cb.ModelCheckpoint(tmp_path / "m.ligero", save_best_only=True),
                            cb.CSVLogger(tmp_path / "log.csv"), cb.TerminateOnNaN()],
              val_losses(1.0, 0.5))
