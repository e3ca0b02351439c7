"""The shared body of the reference tests: one pytest case per program of a corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.reference import harness


def corpus_outputs(name: str) -> tuple[dict[str, str], dict[str, str]]:
    """(real framework's outputs, ligero's outputs) for every program of ``tests/reference/<name>/``."""
    if not harness.framework_available(name):
        pytest.skip(f"{name} is not installed here: the reference comparisons need it")
    programs = harness.corpus(name)
    return harness.run_corpus(name, programs), harness.run_corpus(f"ligero-{name}", programs)


def check_program(outputs: tuple[dict[str, str], dict[str, str]], path: Path) -> None:
    """Assert that ligero prints what the real framework prints for the program at ``path``."""
    expected, got = outputs
    rtol, atol = harness.tolerance(path)
    difference = harness.compare_outputs(expected[path.name], got[path.name], rtol, atol)
    assert difference is None, (
        f"{path.name}: {difference}\n--- reference:\n{expected[path.name]}--- ligero:\n{got[path.name]}"
    )
