"""Keras recurrent layers' ``dropout`` and ``recurrent_dropout``, against real Keras 3.

Keras draws its masks once per sequence (the same at every time step), one mask of
each kind, or, with ``recurrent_dropout``, one per gate (its ``implementation=1``).
Both sides are given the same masks (ligero's are drawn, then handed to real Keras
through its cell's mask factory), so the training-mode outputs compare value for value.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")

import ligero.keras as lk  # noqa: E402
from ligero.errors import ConfigError  # noqa: E402

RATE, RECURRENT_RATE = 0.3, 0.4
CASES = [  # (layer, kwargs)
    ("SimpleRNN", {"dropout": RATE}),
    ("SimpleRNN", {"dropout": RATE, "recurrent_dropout": RECURRENT_RATE}),
    ("LSTM", {"dropout": RATE}),  # one input mask: the fused whole-sequence op
    ("LSTM", {"dropout": RATE, "recurrent_dropout": RECURRENT_RATE}),
    ("LSTM", {"recurrent_dropout": RECURRENT_RATE}),
    ("GRU", {"dropout": RATE}),
    ("GRU", {"dropout": RATE, "recurrent_dropout": RECURRENT_RATE}),
    ("GRU", {"dropout": RATE, "recurrent_dropout": RECURRENT_RATE, "reset_after": False}),
]


def _data(n: int = 5, steps: int = 6, features: int = 3) -> np.ndarray:
    return np.random.default_rng(0).standard_normal((n, steps, features)).astype(np.float32)


def _pair(keras, name: str, kwargs: dict, x: np.ndarray, **flags):
    real = getattr(keras.layers, name)(4, **kwargs, **flags)
    mine = getattr(lk.layers, name)(4, **kwargs, **flags)
    real.build(x.shape)
    mine(x[:1])
    mine.set_weights([np.asarray(w) for w in real.get_weights()])
    return real, mine


def _hand_masks_to_keras(real_cell, masks: tuple, monkeypatch) -> None:
    """Make real Keras's cell use ligero's masks: its factory gets them by rate."""
    import torch

    inputs, recurrent = masks
    by_rate = {real_cell.dropout: inputs, real_cell.recurrent_dropout: recurrent}

    def create(step_input, rate):
        drawn = [torch.from_numpy(m) for m in by_rate[rate]]
        return drawn if getattr(real_cell, "dropout_mask_count", None) else drawn[0]

    monkeypatch.setattr(real_cell, "_create_dropout_mask", create)


@pytest.mark.parametrize(("name", "kwargs"), CASES, ids=[f"{n}-{sorted(k)}" for n, k in CASES])
def test_training_outputs_match_keras_given_the_same_masks(name, kwargs, monkeypatch) -> None:
    keras = pytest.importorskip("keras")
    x = _data()
    real, mine = _pair(keras, name, kwargs, x, return_sequences=True)
    rng_state = mine.cell._dropout_rng.bit_generator.state
    masks = mine.cell.dropout_masks(x.shape[0], x.shape[2], np.float32)
    mine.cell._dropout_rng.bit_generator.state = rng_state  # the layer call draws these same masks
    _hand_masks_to_keras(real.cell, masks, monkeypatch)
    want = keras.ops.convert_to_numpy(real(x, training=True))
    got = np.asarray(mine(x, training=True))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    # per gate masks exactly where Keras uses them (recurrent_dropout in a gated cell)
    per_gate = mine.cell.gates if kwargs.get("recurrent_dropout") else 1
    assert all(m is None or len(m) == per_gate for m in masks)
    # and in inference the dropout is off: the outputs equal those of the same weights without it
    plain = getattr(lk.layers, name)(4, return_sequences=True,
                                     **{k: v for k, v in kwargs.items() if "dropout" not in k})
    plain(x[:1])
    plain.set_weights(mine.get_weights())
    np.testing.assert_allclose(np.asarray(mine(x)), np.asarray(plain(x)), rtol=1e-6)
    assert not np.allclose(got, np.asarray(plain(x)), atol=1e-3)


def test_the_masks_are_fixed_over_the_sequence_and_fresh_each_call() -> None:
    cell = lk.layers.LSTM(3, dropout=0.5, recurrent_dropout=0.5, seed=1).cell
    cell.build_for((2,))
    first, second = cell.dropout_masks(4, 2, np.float32), cell.dropout_masks(4, 2, np.float32)
    for m in first[0] + first[1]:
        assert set(np.unique(m)) <= {0.0, 2.0}  # inverted dropout: kept values scaled by 1/(1 - rate)
    assert [m.shape for m in first[0]] == [(4, 2)] * 4 and [m.shape for m in first[1]] == [(4, 3)] * 4
    assert not all(np.array_equal(a, b) for a, b in zip(first[0], second[0]))


def test_dropout_trains_a_model_and_rates_follow_keras() -> None:
    x = _data(32, 5, 3)
    y = (x[:, :, 0].sum(1) > 0).astype(np.float32)
    model = lk.Sequential([lk.Input((5, 3)), lk.layers.LSTM(8, dropout=0.2, recurrent_dropout=0.2, seed=0),
                           lk.layers.Dense(1, activation="sigmoid")])
    model.compile("adam", "binary_crossentropy")
    history = model.fit(x, y, epochs=3, batch_size=8, verbose=0, shuffle=False)
    assert np.isfinite(history.history["loss"]).all()
    assert lk.layers.GRU(2, dropout=1.5, recurrent_dropout=-1).cell.dropout == 1.0  # clipped, as Keras
    assert lk.layers.GRU(2, recurrent_dropout=-1).cell.recurrent_dropout == 0.0
    assert lk.layers.LSTM(2, dropout=0.25).get_config()["dropout"] == 0.25
    with pytest.raises(ConfigError, match="dropout must be a number"):
        lk.layers.LSTM(2, dropout="high")
