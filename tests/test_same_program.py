"""The benchmark's PyTorch scripts run unchanged with ``import ligero as torch`` (only the imports rewritten)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from tests.reference.harness import rewrite_imports

PROGRAMS = Path(__file__).resolve().parents[1] / "benchmarks" / "programs"


@pytest.mark.parametrize("name, samples", [("mlp_cifar", 64), ("mlp_mnist", 64), ("xnor", 4), ("cnn", 32),
                                           ("lstm", 32), ("elementwise", 100)])
def test_benchmark_script_runs_on_ligero(name, samples, tmp_path) -> None:
    script = tmp_path / f"{name}.py"
    script.write_text(rewrite_imports((PROGRAMS / f"{name}.py").read_text(), "ligero-torch"))
    result = subprocess.run([sys.executable, str(script), str(samples), "1"], capture_output=True, text=True,
                            check=False, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["seconds_per_epoch"] > 0 and math.isfinite(report["value" if name == "elementwise" else "loss"])


@pytest.mark.parametrize("name, samples", [("mlp_mnist", 64), ("xnor", 4), ("cnn", 32), ("lstm", 32)])
def test_benchmark_script_prints_torchs_loss(name, samples, tmp_path) -> None:
    """The scripts seed torch and build their layers with the default initialisation: ligero draws
    torch's values, so the same script trains the same network and ends at torch's loss."""
    pytest.importorskip("torch")
    losses = []
    for face, source in (("torch", (PROGRAMS / f"{name}.py").read_text()),
                         ("ligero", rewrite_imports((PROGRAMS / f"{name}.py").read_text(), "ligero-torch"))):
        script = tmp_path / f"{name}_{face}.py"
        script.write_text(source)
        result = subprocess.run([sys.executable, str(script), str(samples), "1"], capture_output=True, text=True,
                                check=False, timeout=300)
        assert result.returncode == 0, result.stderr[-2000:]
        losses.append(json.loads(result.stdout.strip().splitlines()[-1])["loss"])
    assert losses[1] == pytest.approx(losses[0], rel=1e-5, abs=1e-6)
