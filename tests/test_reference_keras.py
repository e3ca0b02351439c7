"""Every program of tests/reference/keras/ prints the same on real keras and on ligero (imports changed only)."""

from __future__ import annotations

import pytest
from tests.reference import harness
from tests.reference.reference_test import check_program, corpus_outputs


@pytest.fixture(scope="module")
def outputs() -> tuple[dict[str, str], dict[str, str]]:
    return corpus_outputs("keras")


@pytest.mark.parametrize("path", harness.corpus("keras"), ids=lambda p: p.stem)
def test_program(outputs, path) -> None:
    check_program(outputs, path)
