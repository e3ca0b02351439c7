"""ligero.allocator: freed batch-sized arrays are reused instead of page-faulted in again."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ligero import allocator

STEPS = r"""
import json, resource
import numpy as np
import ligero.keras as keras
from ligero.keras import layers

rng = np.random.default_rng(0)
x = rng.standard_normal((64, 32, 32, 3)).astype("float32")
y = rng.integers(0, 10, 64)
model = keras.Sequential([keras.Input((32, 32, 3)), layers.Conv2D(12, 3, padding="same", activation="relu"),
                          layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(10, activation="softmax")])
model.compile(optimizer=keras.optimizers.SGD(1e-3), loss="sparse_categorical_crossentropy")
model.fit(x, y, batch_size=32, epochs=2, verbose=0)  # warm up: every array size allocated once
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
model.fit(x, y, batch_size=32, epochs=5, verbose=0)
print(json.dumps({"faults_per_step": (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 10}))
"""


def _faults_per_step(**env: str) -> float:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MALLOC_", "LIGERO_KEEP"))}
    environment.update(env, OPENBLAS_NUM_THREADS="1")
    done = subprocess.run([sys.executable, "-c", STEPS], capture_output=True, text=True, env=environment,
                          timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])["faults_per_step"]


@pytest.mark.skipif(allocator._glibc() is None or not sys.platform.startswith("linux"),
                    reason="the tuning is glibc's mallopt; elsewhere keep_freed_memory() is a no-op (tested below)")
def test_a_conv_training_step_does_not_page_fault_its_arrays_again():
    """The course CNN's step allocates ~1.5-3.5 MB arrays (im2col columns, activations, their gradients)
    each batch: once warm, they come back from the heap, not as fresh pages from the kernel."""
    assert _faults_per_step() < 50


def test_the_tuning_steps_aside_for_the_users_choice(monkeypatch):
    monkeypatch.setenv("LIGERO_KEEP_FREED_MEMORY", "0")
    assert allocator.keep_freed_memory() is False
    monkeypatch.delenv("LIGERO_KEEP_FREED_MEMORY")
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "131072")
    assert allocator.keep_freed_memory() is False


def test_keep_freed_memory_reports_whether_it_tuned_malloc(monkeypatch):
    for name in ("LIGERO_KEEP_FREED_MEMORY", "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_"):
        monkeypatch.delenv(name, raising=False)
    assert allocator.keep_freed_memory() is (allocator._glibc() is not None)
