"""Summaries of a sweep's results table: statistics over seeds per configuration, and figures.

For each configuration (the options of a run without its seed) and each numeric
metric: the number of runs, their mean, standard deviation (ddof 0), min and max;
failed runs are counted apart. ``success_rate`` is the fraction of a configuration's
runs whose metric reached a threshold (XNOR: accuracy 1.0).
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ligero.errors import ConfigError

Row = dict[str, Any]


def _key(record: Row) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(record["config"].items()))


def _order(key: tuple[tuple[str, Any], ...]) -> tuple[Any, ...]:
    """Configurations in natural order: numbers by value (2 before 10), other values by their text."""
    return tuple((name, (0, float(v), "") if _numeric(v) else (1, 0.0, str(v))) for name, v in key)


def _numeric(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def summarize(table: Sequence[Row], metrics: Sequence[str] | None = None) -> list[Row]:
    """One row per configuration: its options, ``runs``, ``failed``, and ``<metric>_mean/std/min/max``."""
    groups: dict[tuple[tuple[str, Any], ...], list[Row]] = {}
    for record in table:
        groups.setdefault(_key(record), []).append(record)
    if metrics is None:
        metrics = sorted({m for r in table if r.get("status") == "ok"
                          for m, v in r.get("metrics", {}).items() if _numeric(v)})
    rows = []
    for key in sorted(groups, key=_order):
        records = groups[key]
        ok = [r for r in records if r.get("status") == "ok"]
        row: Row = {**dict(key), "runs": len(ok), "failed": len(records) - len(ok)}
        for metric in metrics:
            values = np.array([r["metrics"][metric] for r in ok if _numeric(r["metrics"].get(metric))], float)
            stats = (values.mean(), values.std(), values.min(), values.max()) if values.size else (math.nan,) * 4
            row.update({f"{metric}_{name}": float(v) for name, v in zip(("mean", "std", "min", "max"), stats)})
        rows.append(row)
    return rows


def success_rate(table: Sequence[Row], metric: str, threshold: float) -> list[Row]:
    """Per configuration: ``solved`` runs (``metric >= threshold``), ``runs``, ``rate``."""
    groups: dict[tuple[tuple[str, Any], ...], list[Row]] = {}
    for record in table:
        if record.get("status") == "ok":
            groups.setdefault(_key(record), []).append(record)
    rows = []
    for key in sorted(groups, key=_order):
        solved = sum(float(r["metrics"].get(metric, -math.inf)) >= threshold for r in groups[key])
        rows.append({**dict(key), "solved": solved, "runs": len(groups[key]), "rate": solved / len(groups[key])})
    return rows


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return "nan" if math.isnan(value) else f"{value:.4g}"
    return str(value)


def to_markdown(rows: Sequence[Row]) -> str:
    """The rows as a Markdown table (columns in the order of the first row)."""
    if not rows:
        return "(no runs)\n"
    columns = list(rows[0])
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_fmt(row.get(c, "")) for c in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def to_csv(rows: Sequence[Row]) -> str:
    """The rows as CSV text with a header line."""
    if not rows:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_summary(table: Sequence[Row], out: str | os.PathLike, metrics: Sequence[str] | None = None) -> list[Path]:
    """``summary.md`` and ``summary.csv`` in folder ``out``; returns their paths."""
    from ligero._atomic import atomic_write

    rows = summarize(table, metrics)
    paths = []
    for name, text in (("summary.md", to_markdown(rows)), ("summary.csv", to_csv(rows))):
        path = Path(out) / name
        with atomic_write(path, "w") as f:
            f.write(text)
        paths.append(path)
    return paths


# ---------------------------------------------------------------------------
# figures


def heatmap(table: Sequence[Row], metric: str, rows: str, cols: str, path: str | os.PathLike,
            reduce: Callable[[np.ndarray], float] = np.mean, title: str | None = None) -> Path:
    """``metric`` (reduced over seeds, and over any other option) on a grid of two options."""
    from ligero.plotting import plot_sweep

    cells = _cells(table, metric, (rows, cols))
    values = {key: float(reduce(np.array(v))) for key, v in cells.items()}
    return plot_sweep(values, path, row_label=rows, col_label=cols, value_label=metric,
                      title=title or f"{metric} over {rows} x {cols} ({_seed_note(cells)})")


def band(table: Sequence[Row], metric: str, x: str, path: str | os.PathLike, title: str | None = None) -> Path:
    """``metric`` against one option: the mean over seeds as a line, min-max as a band."""
    from ligero.plotting import plot_band

    cells = _cells(table, metric, (x,))
    xs = sorted(k[0] for k in cells)
    stats = [np.array(cells[(v,)]) for v in xs]
    return plot_band(xs, [s.mean() for s in stats], [s.min() for s in stats], [s.max() for s in stats], path,
                     x_label=x, y_label=metric, title=title or f"{metric} over {x} ({_seed_note(cells)})")


def _cells(table: Sequence[Row], metric: str, keys: Sequence[str]) -> dict[tuple[Any, ...], list[float]]:
    cells: dict[tuple[Any, ...], list[float]] = {}
    for record in table:
        if record.get("status") != "ok":
            continue
        missing = [k for k in keys if k not in record["config"]]
        if missing:
            raise ConfigError(f"sweep figure: option {missing[0]!r} was not swept (options: "
                              f"{', '.join(sorted(record['config']))})")
        value = record["metrics"].get(metric)
        if _numeric(value):
            cells.setdefault(tuple(record["config"][k] for k in keys), []).append(float(value))
    if not cells:
        raise ConfigError(f"sweep figure: no finished run has a numeric metric {metric!r}")
    return cells


def _seed_note(cells: dict[Any, list[float]]) -> str:
    counts = sorted({len(v) for v in cells.values()})
    return f"{counts[0]} run{'s' if counts[0] != 1 else ''} per point" if len(counts) == 1 else "runs per point vary"
