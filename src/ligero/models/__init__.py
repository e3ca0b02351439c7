"""Models: functional ``Model(inputs, outputs)``, ``Sequential``, subclassing; training; saving."""

from ligero.models.model import Model
from ligero.models.saving import load_model
from ligero.models.sequential import Sequential
