#!/usr/bin/env python
"""Wall time of one sweep on each backend, and the cost each backend adds per task.

    python benchmarks/sweeps.py [--epochs 1000] [--workers 1,2] [--backends serial,loky,dask,ray]
                                [--markdown PATH]

The sweep is the course's parity study (P2 Ej7): N = 2..6 x N' = 1, 2, 3, 5, 10, 20,
seed 0, at the course settings (30 trainings). The overhead per task is measured
with 200 tasks that do nothing: (wall time - start-up) / tasks, where the start-up
is the time of a sweep of one empty task on a fresh pool/cluster.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from ligero.experiments.parity import final_accuracy
from ligero.sweep import load, sweep

GRID = {"n": [2, 3, 4, 5, 6], "hidden": [1, 2, 3, 5, 10, 20]}


def nothing(config: dict) -> dict:
    """A task that does no work: what is left of its time is the backend's."""
    return {"value": config["seed"]}


def timed_sweep(target, grid, seeds, backend: str, workers: int, fixed: dict | None = None) -> tuple[float, list]:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        sweep(target, grid, seeds=seeds, fixed=fixed, out=out, backend=backend, workers=workers, progress=False)
        wall = time.perf_counter() - start
        return wall, load(out, stable=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=1000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--backends", default="serial,loky,dask,ray")
    parser.add_argument("--tasks", type=int, default=200, help="empty tasks for the overhead measurement")
    parser.add_argument("--markdown", default=None)
    args = parser.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    lines = [f"- CPU: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
             f"load average at start {[round(v, 2) for v in os.getloadavg()]}",
             f"- parity study: {len(GRID['n']) * len(GRID['hidden'])} trainings of {args.epochs} epochs; "
             f"overhead: {args.tasks} empty tasks", "",
             "| backend | workers | parity sweep wall (s) | start-up (s) | overhead per task (ms) | same table |",
             "|---|---|---|---|---|---|"]
    reference = None
    for backend in args.backends.split(","):
        for w in ([1] if backend == "serial" else workers):
            wall, table = timed_sweep(final_accuracy, GRID, [0], backend, w, {"epochs": args.epochs})
            reference = table if reference is None else reference
            startup, _ = timed_sweep(nothing, {"k": [0]}, [0], backend, w)
            empty, _ = timed_sweep(nothing, {"k": [0]}, range(args.tasks), backend, w)
            per_task = max(empty - startup, 0.0) / args.tasks * 1000
            row = f"| {backend} | {w} | {wall:.2f} | {startup:.2f} | {per_task:.2f} | {table == reference} |"
            print(row, flush=True)
            lines.append(row)
    lines.append(f"\nload average at end {[round(v, 2) for v in os.getloadavg()]}")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text)


if __name__ == "__main__":
    main()
