"""print(t) in torch's layout and set_printoptions; set_default_dtype and what it changes (checked against torch)."""

from __future__ import annotations

import numpy as np
import pytest

import ligero
import ligero.nn as lnn

torch = pytest.importorskip("torch")

CASES = [
    lambda m: m.tensor([0.1, 1234.5678]),
    lambda m: m.tensor([1e-5, 1.0]),
    lambda m: m.tensor([True, False]),
    lambda m: m.tensor([True, True]),
    lambda m: m.arange(2000.0),
    lambda m: m.arange(1200).view(40, 30),
    lambda m: m.zeros(2, 0),
    lambda m: m.tensor([1, 2], dtype=m.int32),
    lambda m: m.tensor([float("nan"), float("inf"), 1.0]),
    lambda m: m.tensor([-1.5, 100.0, 2.25]),
    lambda m: m.ones(3, 30) / 7,
    lambda m: m.tensor([1.0, 2.0], requires_grad=True) * 2,
]


@pytest.mark.parametrize("case", range(len(CASES)))
def test_repr_matches_torch(case: int) -> None:
    assert repr(CASES[case](ligero)) == repr(CASES[case](torch))


def test_set_printoptions_precision_and_profile() -> None:
    try:
        for mod in (ligero, torch):
            mod.set_printoptions(precision=2, linewidth=40)
        assert repr(ligero.ones(20) / 3) == repr(torch.ones(20) / 3)
        for mod in (ligero, torch):
            mod.set_printoptions(profile="short")
        assert repr(ligero.arange(3000.0)) == repr(torch.arange(3000.0))
    finally:
        ligero.set_printoptions(profile="default")
        torch.set_printoptions(profile="default")
    assert repr(ligero.tensor([3.14159265])) == "tensor([3.1416])"
    with pytest.raises(ValueError, match="profile"):
        ligero.set_printoptions(profile="wide")


def test_set_default_dtype_float64() -> None:
    ligero.set_default_dtype(ligero.float64)
    try:
        assert ligero.get_default_dtype() is ligero.float64
        for t in (ligero.tensor([1.5]), ligero.zeros(2), ligero.rand(2), ligero.arange(0.0, 1.0, 0.5),
                  ligero.tensor([1, 2]) * 0.5, lnn.Linear(2, 3).weight, lnn.Conv2d(1, 1, 2).bias):
            assert t.dtype == ligero.float64
        assert ligero.tensor([1, 2]).dtype == ligero.int64
        assert repr(ligero.tensor([1.0])) == "tensor([1.])"
        assert repr(ligero.tensor([1.0], dtype=ligero.float32)) == "tensor([1.], dtype=torch.float32)"
        out = lnn.Linear(2, 1)(ligero.ones(1, 2))
        assert out.array.dtype == np.float64
    finally:
        ligero.set_default_dtype(ligero.float32)
    assert ligero.tensor([1.5]).dtype == ligero.float32 and lnn.Linear(1, 1).weight.dtype == ligero.float32


def test_set_default_dtype_rejects_integers() -> None:
    with pytest.raises(TypeError, match="floating-point"):
        ligero.set_default_dtype(ligero.int64)
    assert ligero.get_default_dtype() is ligero.float32
