"""``keras.constraints``: re-exports ligero's one implementation, ``ligero.constraints``."""

from ligero.constraints import *  # noqa: F403 - this module is the public face of ligero.constraints
from ligero.constraints import __all__  # noqa: F401
