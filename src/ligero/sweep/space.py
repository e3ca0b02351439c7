"""The runs of a sweep: a grid (every combination) or random samples of options, times seeds.

A run is one training: a configuration (option -> value) and a seed. Its id is
readable and stable (``hidden=10_n=5_seed=3``), so a sweep started again finds
the runs it already did, and every backend names the same run the same way.

    >>> [r.run_id for r in grid_runs({"n": [2, 3], "hidden": [1]}, seeds=[0])]
    ['hidden=1_n=2_seed=0', 'hidden=1_n=3_seed=0']
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ligero.errors import ConfigError


@dataclass(frozen=True)
class Run:
    """One training of a sweep: its options and its seed."""

    config: tuple[tuple[str, Any], ...]
    seed: int

    @property
    def options(self) -> dict[str, Any]:
        return dict(self.config)

    @property
    def run_id(self) -> str:
        parts = [f"{key}={_slug(value)}" for key, value in self.config] + [f"seed={self.seed}"]
        return "_".join(parts)


def _slug(value: Any) -> str:
    text = f"{value:.6g}" if isinstance(value, float) else str(value)
    return re.sub(r"[^A-Za-z0-9.+-]", "-", text)


def _run(options: Mapping[str, Any], seed: int) -> Run:
    return Run(tuple(sorted(options.items())), int(seed))


def grid_runs(grid: Mapping[str, Sequence[Any]], seeds: Iterable[int] = (0,)) -> list[Run]:
    """Every combination of the values in ``grid``, once per seed (grid order, seeds innermost)."""
    keys = sorted(grid)
    for key in keys:
        if isinstance(grid[key], (str, bytes)) or not isinstance(grid[key], Iterable) or not list(grid[key]):
            raise ConfigError(f"sweep grid: '{key}' needs a non-empty list of values, got {grid[key]!r}")
    seeds = list(seeds)
    combos = itertools.product(*(list(grid[k]) for k in keys))
    return [_run(dict(zip(keys, values)), s) for values in combos for s in seeds]


@dataclass(frozen=True)
class Uniform:
    """A number drawn uniformly in ``[low, high)`` (``log=True``: its logarithm is uniform)."""

    low: float
    high: float
    log: bool = False

    def draw(self, rng: np.random.Generator) -> float:
        if self.log:
            return float(math.exp(rng.uniform(math.log(self.low), math.log(self.high))))
        return float(rng.uniform(self.low, self.high))


def random_runs(space: Mapping[str, Any], samples: int, seeds: Iterable[int] = (0,), sample_seed: int = 0) -> list[Run]:
    """``samples`` random configurations from ``space`` (a list: one of its values; a
    :class:`Uniform`: a number in its range), once per seed; the same ``sample_seed``
    draws the same configurations."""
    if samples < 1:
        raise ConfigError(f"sweep: samples must be at least 1, got {samples}")
    rng = np.random.default_rng(sample_seed)
    seeds, keys = list(seeds), sorted(space)
    runs = []
    for _ in range(samples):
        options = {}
        for key in keys:
            value = space[key]
            options[key] = value.draw(rng) if isinstance(value, Uniform) else _choice(value, key, rng)
        runs.extend(_run(options, s) for s in seeds)
    return runs


def _choice(values: Any, key: str, rng: np.random.Generator) -> Any:
    values = list(values) if isinstance(values, Iterable) and not isinstance(values, (str, bytes)) else [values]
    if not values:
        raise ConfigError(f"sweep space: '{key}' has no values")
    value = values[int(rng.integers(len(values)))]
    return value.item() if isinstance(value, np.generic) else value


# ---------------------------------------------------------------------------
# the command line's spelling: n=2,3,4  lr=log:1e-4..1e-1  seeds 0-9


def parse_value(text: str) -> Any:
    """``"3"`` -> 3, ``"0.5"`` -> 0.5, ``"true"`` -> True, anything else stays a string."""
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text.strip()


def parse_options(items: Sequence[str]) -> dict[str, Any]:
    """``["n=2,3", "lr=log:1e-4..1e-1"]`` -> ``{"n": [2, 3], "lr": Uniform(1e-4, 0.1, log=True)}``."""
    out: dict[str, Any] = {}
    for item in items:
        key, sep, spec = item.partition("=")
        if not sep or not key.strip() or not spec.strip():
            raise ConfigError(f"sweep: expected NAME=VALUES (e.g. hidden=1,2,5), got {item!r}")
        key = key.strip().replace("-", "_")
        log = spec.startswith("log:")
        if ".." in spec:
            low, _, high = spec.removeprefix("log:").partition("..")
            try:
                out[key] = Uniform(float(low), float(high), log=log)
            except ValueError:
                raise ConfigError(f"sweep: {item!r}: a range is LOW..HIGH with two numbers") from None
        else:
            out[key] = [parse_value(v) for v in spec.split(",") if v.strip()]
    return out


def parse_seeds(text: str) -> list[int]:
    """``"0-9"`` -> 0..9, ``"1,5,7"`` -> [1, 5, 7], ``"4"`` -> [4]."""
    seeds: list[int] = []
    try:
        for part in text.split(","):
            low, dash, high = part.strip().partition("-")
            seeds.extend(range(int(low), int(high) + 1) if dash else [int(low)])
    except ValueError:
        raise ConfigError(f"sweep: seeds are like 0-9 or 1,5,7, got {text!r}") from None
    if not seeds:
        raise ConfigError(f"sweep: no seeds in {text!r}")
    return seeds
