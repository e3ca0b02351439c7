"""The results of a sweep on disk: one JSON line per finished run, appended as runs finish.

Only the process that drives the sweep writes the file, one whole line at a
time, flushed; a sweep that was stopped mid-line leaves a torn last line,
which reading skips with a warning. A run counts as done when it is recorded
with ``"status": "ok"``; a failed run is recorded with its error and is tried
again when the sweep is started again.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import Any

from ligero.errors import DataFileError

RESULTS_FILE = "results.jsonl"
#: what differs from one execution of the same run to another (timings, where it ran, its stack)
VOLATILE = ("seconds", "worker", "traceback")


class ResultsStore:
    """``results.jsonl`` in a sweep's output folder."""

    def __init__(self, folder: str | os.PathLike) -> None:
        self.folder = Path(folder)
        self.path = self.folder / RESULTS_FILE

    def records(self) -> list[dict[str, Any]]:
        """Every record in the file, in the order written (the last record of a run wins in :meth:`table`)."""
        if not self.path.exists():
            return []
        records = []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                if number == len(lines):
                    warnings.warn(f"{self.path}: skipped a torn last line (the sweep was stopped while writing)",
                                  stacklevel=2)
                    continue
                raise DataFileError(f"{self.path}: line {number} is not JSON: not a sweep's results file?") from None
            if not isinstance(record, dict) or "run_id" not in record:
                raise DataFileError(f"{self.path}: line {number} is not a sweep record (no run_id)")
            records.append(record)
        return records

    def done(self) -> set[str]:
        """The ids of the runs recorded as finished successfully."""
        return {r["run_id"] for r in self.table() if r.get("status") == "ok"}

    def append(self, record: dict[str, Any]) -> None:
        """Write one record as one line, flushed to disk before returning."""
        self.folder.mkdir(parents=True, exist_ok=True)
        line = json.dumps(record, sort_keys=True, default=_plain)
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(line + "\n")
            f.flush()
            os.fsync(f.fileno())

    def table(self, stable: bool = False) -> list[dict[str, Any]]:
        """One record per run (its latest), sorted by run id; ``stable=True`` drops timings and
        worker names, so that the same sweep on any backend gives an identical table."""
        latest = {r["run_id"]: r for r in self.records()}
        rows = [latest[k] for k in sorted(latest)]
        if stable:
            rows = [{k: v for k, v in r.items() if k not in VOLATILE} for r in rows]
        return rows


def _plain(value: Any) -> Any:
    """NumPy scalars and arrays as plain JSON values."""
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)
