"""``keras.layers``: the layers, one implementation each, in ``ligero.layers``."""

from ligero.layers import *  # noqa: F403 - this module is the public face of ligero.layers
from ligero.layers import __all__  # noqa: F401
