"""Sweeps: many trainings (a grid or random samples of options, times seeds), run in parallel.

    from ligero.sweep import sweep, summarize
    table = sweep("parity", {"n": [2, 3, 4, 5], "hidden": [1, 2, 5, 10]}, seeds=range(10),
                  out="runs/parity-study", backend="loky", workers=2)
    print(to_markdown(summarize(table, ["accuracy"])))

or from the command line: ``ligero sweep parity --grid n=2,3,4,5 hidden=1,2,5,10 --seeds 0-9``.
Backends: ``loky`` (local processes, default), ``dask`` and ``ray`` (a cluster or a local one),
``serial``. See docs/sweeps.md.
"""

from ligero.sweep.backends import BACKENDS, map_unordered
from ligero.sweep.report import write_report
from ligero.sweep.runner import load, sweep
from ligero.sweep.space import Run, Uniform, grid_runs, parse_options, parse_seeds, random_runs
from ligero.sweep.store import ResultsStore
from ligero.sweep.summary import band, heatmap, success_rate, summarize, to_csv, to_markdown, write_summary

__all__ = [
    "BACKENDS", "ResultsStore", "Run", "Uniform", "band", "grid_runs", "heatmap", "load", "map_unordered",
    "parse_options", "parse_seeds", "random_runs", "success_rate", "summarize", "sweep", "to_csv",
    "to_markdown", "write_report", "write_summary",
]
