"""``keras.optimizers``: re-exports ligero's one implementation, ``ligero.optimizers`` (and its ``schedules``)."""

from ligero.optimizers import *  # noqa: F403 - this module is the public face of ligero.optimizers
from ligero.optimizers import __all__  # noqa: F401
