"""The `cnn` and `cifar-cnn` experiments end to end (quick mode), and the time-budget callback."""

from __future__ import annotations

import json

import numpy as np
import pytest

import ligero as lg
from ligero import experiments, layers, optimizers
from ligero.experiments.cnn import TimeBudget, challenge_cnn, course_cnn, one_cycle


@pytest.mark.parametrize("name", ["cnn", "cifar-cnn"])
def test_runs_end_to_end_quick(name, tmp_path):
    result = experiments.run(name, out=tmp_path, quick=True, quiet=True)
    metrics = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    assert (tmp_path / "report.md").read_text(encoding="utf-8").strip()
    for png in ["history.png", "confusion.png"]:
        assert (tmp_path / png).stat().st_size > 0
    for key in ["loss", "accuracy", "val_loss", "val_accuracy"]:
        assert len(metrics["history"][key]) == 1
    final = metrics["final"]
    assert 0.0 <= final["test_accuracy"] <= 1.0 and final["seconds_per_epoch"] >= 0
    assert result["final"]["test_accuracy"] == final["test_accuracy"]
    if name == "cifar-cnn":
        assert final["time_budget_minutes"] == 28.0 and "wall_minutes" in final


def test_course_cnn_shapes():
    """The deck's channels-last layout by default, NCHW on request; the same sizes either way."""
    text = course_cnn().summary(print_fn=lambda *_: None)
    assert "(None, 32, 32, 12)" in text and "(None, 16, 16, 12)" in text and "(None, 3072)" in text
    assert "(None, 10)" in text
    text = course_cnn(data_format="channels_first").summary(print_fn=lambda *_: None)
    assert "(None, 12, 32, 32)" in text and "(None, 12, 16, 16)" in text and "(None, 3072)" in text


def test_challenge_cnn_shapes():
    text = challenge_cnn((8, 16, 32)).summary(print_fn=lambda *_: None)
    for shape in ["(None, 8, 32, 32)", "(None, 16, 8, 8)", "(None, 32, 4, 4)", "(None, 512)"]:
        assert shape in text


def test_one_cycle_shape():
    assert one_cycle(0.0, 0.1) == pytest.approx(0.01)
    assert one_cycle(0.15, 0.1) == pytest.approx(0.1)
    assert one_cycle(1.0, 0.1) == pytest.approx(1e-4)
    values = [one_cycle(p, 0.1) for p in np.linspace(0.15, 1.0, 20)]
    assert all(a >= b for a, b in zip(values, values[1:], strict=False))


class _Clock:
    """A fake clock that advances ``step`` seconds at every reading."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_time_budget_stops_before_an_epoch_that_would_not_fit():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((32, 4)).astype(np.float32)
    y = rng.integers(0, 2, 32)
    model = lg.Sequential([layers.Dense(2, activation="softmax", input_dim=4)])
    model.compile(optimizer=optimizers.SGD(lr=0.1), loss="sparse_categorical_crossentropy")
    # 4 batches per epoch, the clock read 2 + 4 times per epoch, 1 s per reading: ~6 s per epoch
    budget = TimeBudget(20.0, clock=_Clock(1.0), peak_lr=0.5)
    history = model.fit(x, y, batch_size=8, epochs=50, verbose=0, callbacks=[budget])
    epochs = len(history.history["loss"])
    assert budget.stopped_early and 1 <= epochs < 50
    assert budget.elapsed() <= 20.0 + max(budget.epoch_seconds)
    assert "learning_rate" in history.history and max(history.history["learning_rate"]) <= 0.5
    # without a binding budget, fit runs all its epochs
    model2 = lg.Sequential([layers.Dense(2, activation="softmax", input_dim=4)])
    model2.compile(optimizer=optimizers.SGD(lr=0.1), loss="sparse_categorical_crossentropy")
    budget2 = TimeBudget(1e9)
    model2.fit(x, y, batch_size=8, epochs=3, verbose=0, callbacks=[budget2])
    assert not budget2.stopped_early and len(budget2.epoch_seconds) == 3


def test_listed():
    assert {"cnn", "cifar-cnn"} <= set(experiments.names())
