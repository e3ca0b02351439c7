"""``keras.utils``: helpers for data (``set_random_seed``)."""

from ligero.random import set_seed as set_random_seed

__all__ = ["set_random_seed"]
