"""``keras.metrics``: re-exports ligero's one implementation, ``ligero.metrics``."""

from ligero.metrics import *  # noqa: F403 - this module is the public face of ligero.metrics
from ligero.metrics import __all__  # noqa: F401
