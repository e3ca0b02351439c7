"""``keras.callbacks``: re-exports ligero's one implementation, ``ligero.callbacks`` (and ``BackupAndRestore``)."""

from ligero.backup import BackupAndRestore
from ligero.callbacks import *  # noqa: F403 - this module is the public face of ligero.callbacks
from ligero.callbacks import __all__ as _callbacks

__all__ = [*_callbacks, "BackupAndRestore"]
