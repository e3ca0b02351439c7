"""One run of a sweep, as executed on a worker: train, and return a record of the result.

A task never raises: a run that fails returns a record with ``"status": "error"``
and the error, so that one bad configuration does not stop the others. BLAS is
held to ``blas_threads`` threads inside the run, so that parallel runs do not
oversubscribe the cores.
"""

from __future__ import annotations

import os
import socket
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ligero.sweep.space import Run
from ligero.threads import blas_threads


@dataclass(frozen=True)
class Task:
    """What a worker needs for one run: what to train (an experiment's name or a function
    ``f(config) -> dict``), the run, the options shared by every run, and where to write."""

    target: str | Callable[[dict[str, Any]], Mapping[str, Any]]
    run: Run
    fixed: dict[str, Any] = field(default_factory=dict)
    out: str | None = None
    threads: int | None = 1


def execute(task: Task) -> dict[str, Any]:
    """Run ``task`` and return its record (``run_id``, ``config``, ``seed``, ``status``, ``metrics``...)."""
    start = time.perf_counter()
    record: dict[str, Any] = {"run_id": task.run.run_id, "config": task.run.options, "seed": task.run.seed}
    try:
        with blas_threads(task.threads):
            metrics = _train(task)
        record.update(status="ok", metrics=_jsonable(dict(metrics)))
    except Exception as exc:  # noqa: BLE001 - recorded, the sweep goes on
        record.update(status="error", error=f"{type(exc).__name__}: {exc}",
                      traceback=traceback.format_exc(limit=8))
    record.update(seconds=round(time.perf_counter() - start, 4), worker=f"{socket.gethostname()}:{os.getpid()}")
    return record


def _train(task: Task) -> Mapping[str, Any]:
    options = {**task.fixed, **task.run.options}
    if callable(task.target):
        return task.target({**options, "seed": task.run.seed})
    from ligero.experiments import run

    out = Path(task.out or "runs/sweep") / "runs" / task.run.run_id
    result = run(task.target, out=out, seed=task.run.seed, quiet=True, **options)
    return result.get("final", {})


def _jsonable(value: Any) -> Any:
    from ligero.experiments import to_jsonable

    return to_jsonable(value)
