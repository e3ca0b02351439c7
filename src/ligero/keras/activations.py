"""``keras.activations``: re-exports ligero's one implementation, ``ligero.activations``."""

from ligero.activations import *  # noqa: F403 - this module is the public face of ligero.activations
from ligero.activations import __all__  # noqa: F401
