"""``keras.losses``: re-exports ligero's one implementation, ``ligero.losses``."""

from ligero.losses import *  # noqa: F403 - this module is the public face of ligero.losses
from ligero.losses import __all__  # noqa: F401
