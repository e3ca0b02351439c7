"""``keras.regularizers``: re-exports ligero's one implementation, ``ligero.regularizers``."""

from ligero.regularizers import *  # noqa: F403 - this module is the public face of ligero.regularizers
from ligero.regularizers import __all__  # noqa: F401
