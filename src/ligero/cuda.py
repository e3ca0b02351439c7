"""``torch.cuda`` as a CPU-only torch answers it: no CUDA device, so ordinary device-selection code
(``"cuda" if torch.cuda.is_available() else "cpu"``) picks the CPU, and the seeding and
housekeeping calls tutorials make unconditionally do nothing."""

from __future__ import annotations

from typing import Any

__all__ = ["device_count", "empty_cache", "get_device_name", "is_available", "manual_seed", "manual_seed_all",
           "synchronize"]


def is_available() -> bool:
    """False: ligero runs on the CPU (NumPy) only."""
    return False


def device_count() -> int:
    """0 CUDA devices."""
    return 0


def manual_seed(seed: int) -> None:
    """Seeds the CUDA generators in torch; there are none here (``ligero.manual_seed`` seeds the CPU)."""


def manual_seed_all(seed: int) -> None:
    """As :func:`manual_seed`: nothing to seed."""


def empty_cache() -> None:
    """Nothing cached on a device: does nothing."""


def synchronize(device: Any = None) -> None:
    """No device to wait for: returns at once."""


def get_device_name(device: Any = None) -> str:
    """Raises as a CPU-only torch does."""
    raise RuntimeError("Torch not compiled with CUDA enabled (ligero runs on the CPU only)")
