"""``torch.autograd.detect_anomaly`` / ``set_detect_anomaly``: torch's switch that checks each backward
for NaN and records where each node was made. ligero's backward rules are NumPy code that a traceback
already names, so the switch is recorded (``is_anomaly_enabled``) and the context manager and
decorator forms work as torch's; no extra checking runs."""

from __future__ import annotations

from typing import Any

__all__ = ["detect_anomaly", "is_anomaly_check_nan_enabled", "is_anomaly_enabled", "set_detect_anomaly"]

_STATE = {"enabled": False, "check_nan": True}


class set_detect_anomaly:  # noqa: N801 - torch's name
    """Turn anomaly mode on or off, for the ``with`` block (or at once, used as a call)."""

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self.previous = dict(_STATE)
        _STATE.update(enabled=bool(mode), check_nan=bool(check_nan))

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> None:
        _STATE.update(self.previous)


class detect_anomaly(set_detect_anomaly):  # noqa: N801 - torch's name
    """Anomaly mode on, as a context manager or a decorator."""

    def __init__(self, check_nan: bool = True) -> None:
        self.check_nan = check_nan
        self.previous = dict(_STATE)

    def __enter__(self) -> None:
        self.previous = dict(_STATE)
        _STATE.update(enabled=True, check_nan=bool(self.check_nan))

    def __call__(self, fn: Any) -> Any:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            with detect_anomaly(self.check_nan):
                return fn(*args, **kwargs)

        return wrapped


def is_anomaly_enabled() -> bool:
    return bool(_STATE["enabled"])


def is_anomaly_check_nan_enabled() -> bool:
    return bool(_STATE["check_nan"])
