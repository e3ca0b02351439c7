"""``keras.callbacks``: re-exports ligero's one implementation, ``ligero.callbacks``."""

from ligero.callbacks import *  # noqa: F403 - this module is the public face of ligero.callbacks
from ligero.callbacks import __all__  # noqa: F401
