"""Progress reporting during ``fit``: a tqdm bar per epoch (verbose=1) or one line per epoch (2)."""

from __future__ import annotations

import sys
import time
from typing import Any

from ligero.callbacks import Callback


def format_logs(logs: dict[str, float]) -> str:
    return " - ".join(f"{k}: {v:.4f}" for k, v in logs.items())


class ProgressLogger(Callback):
    """Prints training progress; added by ``fit`` when ``verbose`` is 1 or 2."""

    def __init__(self, verbose: int, steps: int) -> None:
        super().__init__()
        self.verbose, self.steps = verbose, steps
        self._bar: Any = None
        self._start = 0.0


    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._start = time.perf_counter()
        if self.verbose == 1:
            from tqdm.auto import tqdm

            total = getattr(self.model, "history", None)
            epochs = total.params.get("epochs") if total is not None and total.params else "?"
            self._bar = tqdm(total=self.steps, desc=f"Epoch {epoch + 1}/{epochs}", unit="batch",
                             leave=True, file=sys.stdout, dynamic_ncols=True)

    def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if self._bar is not None:
            self._bar.update(1)
            if batch % 20 == 0 or batch + 1 == self.steps:
                self._bar.set_postfix(loss=f"{(logs or {}).get('loss', float('nan')):.4f}", refresh=False)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        seconds = time.perf_counter() - self._start
        if self._bar is not None:
            self._bar.set_postfix_str(format_logs(logs or {}), refresh=True)
            self._bar.close()
            self._bar = None
        elif self.verbose == 2:
            history = getattr(self.model, "history", None)
            epochs = history.params.get("epochs") if history is not None and history.params else "?"
            print(f"Epoch {epoch + 1}/{epochs} - {seconds:.2f}s - {format_logs(logs or {})}", flush=True)

    def on_train_end(self, logs: dict | None = None) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
