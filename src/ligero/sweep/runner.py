"""``sweep()``: run many trainings (a grid or random samples, times seeds) and collect their results."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from ligero.errors import ConfigError
from ligero.sweep.backends import map_unordered
from ligero.sweep.space import Run, grid_runs, random_runs
from ligero.sweep.store import ResultsStore
from ligero.sweep.tasks import Task, execute

Target = str | Callable[[dict[str, Any]], Mapping[str, Any]]


def sweep(
    target: Target,
    grid: Mapping[str, Sequence[Any]] | None = None,
    *,
    space: Mapping[str, Any] | None = None,
    samples: int | None = None,
    seeds: Iterable[int] = (0,),
    fixed: Mapping[str, Any] | None = None,
    out: str | os.PathLike = "runs/sweep",
    backend: str = "loky",
    workers: int | None = None,
    address: str | None = None,
    sample_seed: int = 0,
    progress: bool = True,
    resume: bool = True,
) -> list[dict[str, Any]]:
    """Train ``target`` once per run and return the results table (one record per run, sorted).

    ``target`` is an experiment's name (``"parity"``: each run is ``ligero run parity`` with
    its options, seed and own folder ``out/runs/<run_id>``, and records the experiment's
    ``final`` metrics) or a function ``f(config) -> dict`` of metrics (``config`` holds the
    run's options and ``"seed"``). The runs are every combination of ``grid``, or ``samples``
    random draws from ``space`` (see :func:`ligero.sweep.space.random_runs`), each once per
    seed; ``fixed`` options go to every run. Results stream to ``out/results.jsonl`` as runs
    finish; runs already recorded there as done are skipped, so a stopped sweep resumes; a
    failing run is recorded with its error and the others go on. ``backend``: ``"loky"``
    (local processes), ``"dask"``, ``"ray"`` (a cluster at ``address``, or a local one of
    ``workers``) or ``"serial"``. ``resume=False`` forgets the results already in ``out``.
    A folder holds one sweep: resuming with another target or other ``fixed`` options is refused.
    """
    seeds = [int(s) for s in seeds]
    runs = _runs(grid, space, samples, seeds, sample_seed)
    store = ResultsStore(out)
    if not resume and store.path.exists():
        store.path.unlink()
    _write_description(store, target, grid, space, samples, seeds, fixed, backend)
    done = store.done()
    todo = [run for run in runs if run.run_id not in done]
    tasks = [Task(target, run, dict(fixed or {}), str(out)) for run in todo]
    with tqdm(total=len(runs), initial=len(runs) - len(todo), desc=f"sweep {_name(target)}", unit="run",
              disable=not progress, leave=False) as bar:
        for record in map_unordered(execute, tasks, backend=backend, workers=workers, address=address):
            store.append(record)
            bar.update(1)
    wanted = {run.run_id for run in runs}
    return [row for row in store.table() if row["run_id"] in wanted]


def _runs(grid: Any, space: Any, samples: Any, seeds: Iterable[int], sample_seed: int) -> list[Run]:
    if (grid is None) == (space is None):
        raise ConfigError("sweep: give either a grid (every combination) or a space with samples (random draws)")
    if grid is not None:
        return grid_runs(grid, seeds)
    if samples is None:
        raise ConfigError("sweep: a random space needs samples=N")
    return random_runs(space, samples, seeds, sample_seed)


def _name(target: Target) -> str:
    return target if isinstance(target, str) else getattr(target, "__name__", "function")


def _write_description(store: ResultsStore, target: Target, grid: Any, space: Any, samples: Any,
                       seeds: Iterable[int], fixed: Any, backend: str) -> None:
    """``sweep.json``: what was swept (read by the summaries and figures)."""
    from ligero.experiments import write_json

    store.folder.mkdir(parents=True, exist_ok=True)
    path = store.folder / "sweep.json"
    previous = json.loads(path.read_text()) if path.exists() and store.path.exists() else None
    description = {"target": _name(target), "grid": grid, "space": {k: repr(v) for k, v in (space or {}).items()},
                   "samples": samples, "seeds": list(seeds), "fixed": dict(fixed or {}), "backend": backend}
    description = json.loads(json.dumps(description, default=str))
    if previous is not None and (previous.get("target"), previous.get("fixed")) != (description["target"],
                                                                                   description["fixed"]):
        raise ConfigError(
            f"sweep: {store.folder} holds a sweep of {previous.get('target')!r} with options "
            f"{previous.get('fixed')}; this one is {description['target']!r} with {description['fixed']}: "
            "choose another output folder, or delete that one to start again"
        )
    write_json(path, description)


def load(out: str | os.PathLike, stable: bool = False) -> list[dict[str, Any]]:
    """The results table of the sweep in folder ``out`` (``stable``: without timings)."""
    if not Path(out).exists():
        raise ConfigError(f"sweep: no sweep folder at {out}")
    return ResultsStore(out).table(stable=stable)
