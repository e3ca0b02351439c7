"""The files a finished sweep leaves beside its results: summary tables and figures."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ligero.sweep.summary import band, heatmap, success_rate, summarize, to_markdown, write_summary


def write_report(
    table: Sequence[dict[str, Any]],
    out: str | os.PathLike,
    metric: str | None = None,
    options: Sequence[str] = (),
    success: float | None = None,
) -> str:
    """Write ``summary.md``/``summary.csv`` (every metric over seeds) and, for ``metric``,
    a figure over the swept ``options`` (a heatmap for two, a line with a min-max band
    for one) and, given a ``success`` threshold, ``success.md`` with the rate at which
    runs reached it (and its figure). Returns the Markdown of what was written."""
    out = Path(out)
    write_summary(table, out)
    text = ["## Summary over seeds", "", to_markdown(summarize(table, [metric] if metric else None))]
    if metric and len(options) >= 2:
        heatmap(table, metric, options[0], options[1], out / f"{metric}_heatmap.png")
        text.append(f"![{metric}]({metric}_heatmap.png)\n")
    elif metric and len(options) == 1:
        band(table, metric, options[0], out / f"{metric}_band.png")
        text.append(f"![{metric}]({metric}_band.png)\n")
    if metric and success is not None:
        rates = success_rate(table, metric, success)
        text += [f"## Runs with {metric} >= {success:g}", "", to_markdown(rates)]
        if options:
            _success_figure(rates, options, metric, success, out / "success.png")
            text.append("![success rate](success.png)\n")
    report = "\n".join(text)
    (out / "report.md").write_text(report, encoding="utf-8")
    return report


def _success_figure(rates: list[dict[str, Any]], options: Sequence[str], metric: str, threshold: float,
                    path: Path) -> Path:
    from ligero.plotting import plot_bars, plot_sweep

    if len(options) >= 2:
        values = {(r[options[0]], r[options[1]]): r["rate"] for r in rates}
        return plot_sweep(values, path, row_label=options[0], col_label=options[1], value_label="success rate",
                          title=f"share of seeds reaching {metric} >= {threshold:g}")
    labels = [f"{options[0]} = {r[options[0]]}\n{r['solved']}/{r['runs']}" for r in rates]
    return plot_bars(labels, [r["rate"] for r in rates], path, y_label="success rate",
                     title=f"share of seeds reaching {metric} >= {threshold:g}")
