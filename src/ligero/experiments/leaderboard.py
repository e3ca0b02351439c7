"""Who gets the highest accuracy: every MNIST run's test accuracy and training time in one table.

Nothing is retrained: the table is read from the ``metrics.json`` of earlier
runs. ``--runs DIR [DIR ...]`` names run folders (each holding a
``metrics.json``) or parent folders (every ``*/metrics.json`` below them);
by default the parent of ``--out`` (``runs/``). What a run contributes:

- a ``leaderboard`` list (``mnist-softmax``, ``mnist-mlp``, ``mnist-cnn``,
  ``regularization``): one row per entry;
- ``linear``: its MNIST SVM and Softmax results;
- ``mnist``: its test accuracy and training time.

Rows are ranked by test accuracy (ties: the faster first). The test sets
differ between experiments (their size is a column): compare rows with the
same data and test size.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ligero import plotting
from ligero.errors import DataError, DataFileError
from ligero.experiments._run import RunConfig, RunOutput, markdown_table, register, text_table

HEADERS = ("rank", "model", "test accuracy", "test digits", "train digits", "train seconds", "data", "run")


def run_files(folders: Iterable[Path]) -> list[Path]:
    """The ``metrics.json`` of each folder, or of each of its sub-folders, sorted, without duplicates."""
    found: list[Path] = []
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            raise DataFileError(f"leaderboard: {folder}: no such folder")
        own = folder / "metrics.json"
        files = [own] if own.is_file() else sorted(folder.glob("*/metrics.json"))
        found += [f for f in files if f not in found]
    return found


def read_metrics(path: Path) -> dict[str, Any]:
    """One run's ``metrics.json`` as a dict (one clear error naming the file if it is not JSON)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataFileError(f"leaderboard: {path}: not a readable metrics.json ({exc})") from exc
    if not isinstance(data, dict):
        raise DataFileError(f"leaderboard: {path}: metrics.json holds a {type(data).__name__}, not an object")
    return data


def entries(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    """The MNIST rows one run contributes (see the module's docstring); ``[]`` for a non-MNIST run."""
    name = str(metrics.get("experiment", ""))
    if isinstance(metrics.get("leaderboard"), list):
        return [dict(e) for e in metrics["leaderboard"] if isinstance(e, dict) and "test_accuracy" in e]
    final = metrics.get("final") or {}
    if name == "linear":
        results = metrics.get("results") or {}
        return [{"model": f"linear: {key.split('_', 1)[1]}", "test_accuracy": r["test_accuracy"],
                 "train_seconds": r.get("seconds"), "test_samples": None, "data": "MNIST (see the run)"}
                for key, r in results.items() if key.startswith("mnist_") and "test_accuracy" in r]
    if name == "mnist" and "test_accuracy" in final:
        return [{"model": "mnist (784-200-10)", "test_accuracy": final["test_accuracy"],
                 "train_seconds": final.get("train_seconds"), "test_samples": final.get("test_samples"),
                 "train_samples": final.get("training_images"), "data": "course text digits"}]
    return []


def collect(files: Iterable[Path]) -> list[dict[str, Any]]:
    """Every row of every run, each with its run folder, ranked by test accuracy (then training time)."""
    rows = []
    for path in files:
        for entry in entries(read_metrics(path)):
            rows.append({**entry, "run": path.parent.name})
    rows.sort(key=lambda r: (-float(r["test_accuracy"]), float(r.get("train_seconds") or 0.0)))
    return rows


def _cell(value: Any, fmt: str = "") -> str:
    return "" if value is None else format(value, fmt) if fmt else str(value)


@register("leaderboard", help="who gets the highest accuracy: every MNIST run's test accuracy and training time",
          options=[("--runs", {"type": Path, "nargs": "+", "default": None, "metavar": "DIR",
                               "help": "run folders or folders of runs (default: the parent of --out)"})])
def run(config: RunConfig) -> dict:
    folders = config.get("runs") or [Path(config.out).parent]
    out = RunOutput(config, title="MNIST leaderboard: who gets the highest accuracy")
    files = [f for f in run_files(folders) if f.resolve() != (Path(config.out) / "metrics.json").resolve()]
    rows = collect(files)
    if not rows:
        raise DataError(f"leaderboard: no MNIST run among the {len(files)} metrics.json found in "
                        f"{', '.join(str(f) for f in folders)} (run e.g. `ligero run mnist-cnn` first)")
    table = [(i + 1, r["model"], _cell(r["test_accuracy"], ".4f"), _cell(r.get("test_samples")),
              _cell(r.get("train_samples")), _cell(r.get("train_seconds")), _cell(r.get("data")), r["run"])
             for i, r in enumerate(rows)]
    out.print(text_table(HEADERS, table))
    plotting.plot_bars([r["model"].replace(": ", ":\n") for r in rows], [float(r["test_accuracy"]) for r in rows],
                       out.figure("leaderboard.png"), y_label="test accuracy", title="MNIST: test accuracy")
    best = rows[0]
    out.final.update(best_model=best["model"], best_test_accuracy=float(best["test_accuracy"]), models=len(rows),
                     runs=len(files))
    report = "\n".join([
        f"Read from {len(files)} runs' `metrics.json` (nothing retrained). Ranked by test accuracy; the test sets "
        "differ between experiments, so compare rows with the same data and number of test digits.",
        "",
        markdown_table(HEADERS, table),
    ])
    return out.finish(report=report, leaderboard_rows=rows)
