"""Determinism: on one machine, the same seed gives bit-identical weights and History.

``ligero.set_seed(s)`` seeds everything random that has no seed of its own: weight
initialization, the shuffling in ``fit`` and the Dropout masks. Different seeds give
different runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap

import numpy as np

import ligero as lg
from ligero import layers, optimizers, regularizers

RNG = np.random.default_rng(2024)
X = RNG.standard_normal((45, 5)).astype(np.float32)
Y = RNG.integers(0, 3, 45)


def sequential() -> lg.Model:
    model = lg.Sequential([
        layers.Dense(16, activation="relu", input_dim=5, kernel_regularizer=regularizers.L2(1e-3)),
        layers.Dropout(0.3),
        layers.Dense(8, activation="tanh"),
        layers.Dropout(0.2),
        layers.Dense(3, activation="softmax"),
    ])
    model.compile(optimizer=optimizers.Adam(lr=0.01), loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def functional() -> lg.Model:
    x = lg.Input(5)
    h = layers.Dropout(0.25)(layers.Dense(4, activation="tanh")(x))
    y = layers.Dense(3)(layers.Concatenate()([x, h]))
    model = lg.Model(x, y)
    model.compile(optimizer=optimizers.SGD(lr=0.05, momentum=0.9, nesterov=True),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def run(seed: int, build=sequential, **fit_args) -> tuple[list[np.ndarray], dict, np.ndarray]:
    """set_seed + build + fit (shuffled, with Dropout): the weights, the History and predictions."""
    lg.set_seed(seed)
    model = build()
    args = {"batch_size": 8, "epochs": 4, "shuffle": True, "validation_split": 0.2, "verbose": 0, **fit_args}
    history = model.fit(X, Y, **args)
    return model.get_weights(), {"epoch": history.epoch, **history.history}, model.predict(X)


def assert_identical(a, b) -> None:
    (wa, ha, pa), (wb, hb, pb) = a, b
    assert len(wa) == len(wb)
    for x, y in zip(wa, wb):
        assert x.dtype == y.dtype and np.array_equal(x, y)
    assert ha == hb  # exact float equality of every loss and metric, epoch by epoch
    assert np.array_equal(pa, pb)


def assert_different(a, b) -> None:
    (wa, ha, _), (wb, hb, _) = a, b
    assert not all(np.array_equal(x, y) for x, y in zip(wa, wb))
    assert ha["loss"] != hb["loss"]


def test_same_seed_gives_bit_identical_weights_and_history():
    assert_identical(run(7), run(7))


def test_different_seeds_give_different_runs():
    assert_different(run(7), run(8))


def test_functional_model_with_momentum_is_deterministic_too():
    assert_identical(run(3, functional), run(3, functional))
    assert_different(run(3, functional), run(4, functional))


def test_what_ran_before_set_seed_does_not_matter():
    first = run(5)
    lg.set_seed(99)
    lg.Sequential([layers.Dense(50, input_dim=50)])  # draws from the global generator
    np.random.seed(123)
    np.random.standard_normal(1000)  # NumPy's own global state is not ligero's
    assert_identical(first, run(5))


def test_each_dropout_layer_has_its_own_generator_so_interleaved_training_changes_nothing():
    """Two models built after the same set_seed, trained in alternation, stay identical:
    no hidden shared random state couples them."""
    lg.set_seed(1)
    a = sequential()
    lg.set_seed(1)
    b = sequential()
    for _ in range(3):
        a.fit(X, Y, batch_size=8, epochs=1, shuffle=False, verbose=0)
        b.fit(X, Y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    assert all(np.array_equal(wa, wb) for wa, wb in zip(a.get_weights(), b.get_weights()))


def test_fit_seed_fixes_the_shuffling_whatever_the_global_seed():
    def shuffled_only(global_seed: int) -> list[np.ndarray]:
        lg.set_seed(0)
        model = lg.Sequential([layers.Dense(6, activation="tanh", input_dim=5), layers.Dense(3)])
        model.compile(optimizer="sgd", loss="categorical_crossentropy")
        lg.set_seed(global_seed)  # after the weights are drawn
        model.fit(X, Y, batch_size=4, epochs=2, seed=42, verbose=0)
        return model.get_weights()

    for wa, wb in zip(shuffled_only(1), shuffled_only(2)):
        assert np.array_equal(wa, wb)


def test_pytorch_style_module_is_seeded_by_set_seed():
    def weights(seed: int) -> list[np.ndarray]:
        lg.set_seed(seed)
        net = lg.nn.Linear(5, 3)
        return [p.array.copy() for p in net.parameters()]

    assert all(np.array_equal(a, b) for a, b in zip(weights(0), weights(0)))
    assert not np.array_equal(weights(0)[0], weights(1)[0])


def test_predict_and_evaluate_are_repeatable():
    lg.set_seed(0)
    model = sequential()
    model.fit(X, Y, epochs=1, verbose=0)
    assert np.array_equal(model.predict(X), model.predict(X))  # Dropout is off in inference
    assert model.evaluate(X, Y) == model.evaluate(X, Y)


FRESH_PROCESS = """
import hashlib, json, sys
sys.path.insert(0, sys.argv[1])
import test_determinism as t

weights, history, _ = t.run(11)
digest = hashlib.sha256(b"".join(w.tobytes() for w in weights)).hexdigest()
print(json.dumps({"digest": digest, "history": history}))
"""


def test_a_fresh_process_with_another_hash_seed_gives_the_same_bits():
    weights, history, _ = run(11)
    digest = hashlib.sha256(b"".join(w.tobytes() for w in weights)).hexdigest()
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(FRESH_PROCESS), os.path.dirname(__file__)],
        capture_output=True, text=True, env=env, timeout=120, check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["digest"] == digest
    assert result["history"] == json.loads(json.dumps(history))
