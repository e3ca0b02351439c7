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
