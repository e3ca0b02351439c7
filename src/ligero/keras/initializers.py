"""``keras.initializers``: re-exports ligero's one implementation, ``ligero.initializers``."""

from ligero.initializers import *  # noqa: F403 - this module is the public face of ligero.initializers
from ligero.initializers import __all__  # noqa: F401
